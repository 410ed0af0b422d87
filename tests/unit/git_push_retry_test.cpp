#include <gtest/gtest.h>

#include <stdexcept>

#include "git/push_retry.hpp"

namespace {

using gitops::git::push_with_redo;
using gitops::git::PushResult;

TEST(PushRetry, RedoesOnceWhenTheRemoteMovedOnOnce) {
  int pushes = 0;
  int redos = 0;
  const auto outcome = push_with_redo(
      3, [&] { return ++pushes == 1 ? PushResult::rejected_non_fast_forward : PushResult::pushed; },
      [&] { ++redos; });
  EXPECT_TRUE(outcome.pushed);
  EXPECT_EQ(outcome.attempts, 2);
  EXPECT_EQ(redos, 1);
}

TEST(PushRetry, GivesUpAfterThreeRejectedPushesWithoutAFourthRedo) {
  int pushes = 0;
  int redos = 0;
  const auto outcome = push_with_redo(
      3,
      [&] {
        ++pushes;
        return PushResult::rejected_non_fast_forward;
      },
      [&] { ++redos; });
  EXPECT_FALSE(outcome.pushed);
  EXPECT_EQ(outcome.attempts, 3);
  EXPECT_EQ(pushes, 3);
  EXPECT_EQ(redos, 2);
}

TEST(PushRetry, AFailingRedoStopsTheRetries) {
  int pushes = 0;
  EXPECT_THROW(push_with_redo(
                   3,
                   [&] {
                     ++pushes;
                     return PushResult::rejected_non_fast_forward;
                   },
                   [] { throw std::runtime_error("diverged"); }),
               std::runtime_error);
  EXPECT_EQ(pushes, 1);
}

}  // namespace
