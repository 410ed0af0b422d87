#pragma once

#include <string_view>

namespace gitops::util {

// A named point between two steps of a write (a sync's phases). When the environment variable
// GITOPS_TEST_DIE_AT names it, the process dies there at once, as `kill -9` would: how the tests
// prove that a run killed at any point forgets nothing (git's GIT_TEST_* variables work alike).
void fault_point(std::string_view name);

}  // namespace gitops::util
