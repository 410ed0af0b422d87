#include "util/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

namespace gitops::util {
namespace {

TEST(ParallelFor, RunsEveryIndexExactlyOnce) {
  std::vector<std::atomic<int>> runs(1000);
  parallel_for(runs.size(), 4, [&](std::size_t i) { ++runs[i]; });
  for (const auto& count : runs)
    EXPECT_EQ(count.load(), 1);
}

TEST(ParallelFor, HandlesNothingToDoAndNoWorkers) {
  int runs = 0;
  parallel_for(0, 4, [&](std::size_t) { ++runs; });
  parallel_for(3, 0, [&](std::size_t) { ++runs; });
  EXPECT_EQ(runs, 3);
}

TEST(ParallelFor, RethrowsAFailureAndStartsNoMoreWork) {
  std::atomic<int> started{0};
  EXPECT_THROW(parallel_for(1000, 1,
                            [&](std::size_t i) {
                              ++started;
                              if (i == 10)
                                throw std::runtime_error("broken");
                            }),
               std::runtime_error);
  EXPECT_EQ(started.load(), 11);
}

}  // namespace
}  // namespace gitops::util
