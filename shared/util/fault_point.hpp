#pragma once

#include <string_view>

namespace gitops::util {

// A named point between two steps of a write (a sync's phases) or of a read (a plan, once the
// cluster's kinds are known). When the environment variable GITOPS_TEST_DIE_AT names it, the
// process dies there at once, as `kill -9` would: how the tests prove that a run killed at any
// point forgets nothing (git's GIT_TEST_* variables work alike). When GITOPS_TEST_STOP_AT names
// it, the process stops itself there (SIGSTOP) until continued (SIGCONT): how the tests break the
// world at that very moment (stop the API server, kill the kubectl proxy) and watch the run meet
// it.
void fault_point(std::string_view name);

}  // namespace gitops::util
