// Fault points: the test hooks that kill or stop a run at a named boundary (util/fault_point.hpp).

#include "util/fault_point.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

namespace gitops::util {
namespace {

// What happens to a child that passes the points `a` then `b` with `variable` set to `value`:
// its wait status (continued once if it stops).
int status_of_child_passing(const char* variable, const char* value) {
  const pid_t child = ::fork();
  if (child == 0) {
    ::setenv(variable, value, 1);
    fault_point("a");
    fault_point("b");
    ::_exit(7);
  }
  int status = 0;
  ::waitpid(child, &status, WUNTRACED);
  if (WIFSTOPPED(status)) {
    ::kill(child, SIGCONT);
    int ended = 0;
    ::waitpid(child, &ended, 0);
    EXPECT_TRUE(WIFEXITED(ended) && WEXITSTATUS(ended) == 7) << "continued, it did not finish";
  }
  return status;
}

TEST(FaultPoint, DieAtKillsTheProcessAtThatPointOnly) {
  const int status = status_of_child_passing("GITOPS_TEST_DIE_AT", "b");
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
}

TEST(FaultPoint, StopAtStopsTheProcessUntilItIsContinued) {
  const int status = status_of_child_passing("GITOPS_TEST_STOP_AT", "a");
  ASSERT_TRUE(WIFSTOPPED(status));
  EXPECT_EQ(WSTOPSIG(status), SIGSTOP);
}

TEST(FaultPoint, AnUnnamedPointDoesNothing) {
  const int status = status_of_child_passing("GITOPS_TEST_DIE_AT", "elsewhere");
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 7);
}

}  // namespace
}  // namespace gitops::util
