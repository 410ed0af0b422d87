#pragma once

#include <functional>
#include <string>

namespace gitops::cli {

// The one catch site of a plugin: runs `body` and turns gitops::Error (and anything unexpected)
// into "kubectl-<plugin>: error: <message>" on stderr and its exit code (2 and above).
int run_program(const std::string& program, const std::function<int()>& body);

}  // namespace gitops::cli
