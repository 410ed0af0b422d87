#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace gitops::cli {

struct Streams;

// Prints "kubectl-<plugin>: error: <message>" on `err` (after flushing what went to `out`): the
// one shape of every error line, on one line, whatever bytes of the input the message quotes
// (util::printable).
void print_error(const Streams& streams, const std::string& program, const std::string& message);

// The one catch site of a plugin: runs `body` and turns gitops::Error (and anything unexpected)
// into "kubectl-<plugin>: error: <message>" on streams.err and its exit code (2 and above).
int run_program(const std::string& program, const Streams& streams,
                const std::function<int()>& body);

}  // namespace gitops::cli
