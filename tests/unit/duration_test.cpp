// Durations as kubectl reads them (--request-timeout, --timeout): whole seconds or Go durations.

#include "util/duration.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gitops::util {
namespace {

TEST(Duration, ReadsWholeSecondsAndGoDurations) {
  EXPECT_EQ(duration_seconds("30"), 30.0);
  EXPECT_EQ(duration_seconds("1m30s"), 90.0);
  EXPECT_EQ(duration_seconds("1.5h"), 5400.0);
  EXPECT_EQ(duration_seconds("500ms"), 0.5);
  EXPECT_EQ(duration_seconds("soon"), std::nullopt);
  EXPECT_EQ(duration_seconds("5x"), std::nullopt);
}

// A number too large for a double used to escape as std::out_of_range: an internal error.
TEST(Duration, ANumberTooLargeIsNotADuration) {
  EXPECT_EQ(duration_seconds(std::string(400, '9')), std::nullopt);
  EXPECT_EQ(duration_seconds(std::string(400, '9') + "s"), std::nullopt);
  EXPECT_EQ(duration_seconds("1" + std::string(306, '0') + "h"), std::nullopt);  // finite alone
}

}  // namespace
}  // namespace gitops::util
