#pragma once

// The one shape of every plugin, as kubectl's own commands have it: options filled from the
// command line, complete (what the arguments leave open), validate (refuse what cannot work before
// anything is touched), run. The streams are passed in, so a command runs in-process in a test as
// it runs from kubectl.

#include <ostream>
#include <string>
#include <vector>

#include "cli/command_line.hpp"
#include "cli/common_options.hpp"
#include "cli/flag_table.hpp"
#include "cli/help.hpp"

namespace gitops::cli {

struct Streams {
  std::ostream& out;
  std::ostream& err;
  bool out_is_terminal = false;  // colour by default
  bool err_is_terminal = false;  // progress for a person
};

class Command {
 public:
  virtual ~Command() = default;

  virtual CommandInfo info() const = 0;
  // The flags every plugin shares (--output, --color, -v, --kubectl, kubectl's flags).
  virtual CommonOptions& common() = 0;
  // The plugin's own flags, bound to its options.
  virtual void add_flags(FlagTable& table) = 0;
  // Fills what the command line leaves open (PATHs, defaults one flag gives another); no I/O.
  virtual void complete(const CommandLine& command_line) = 0;
  // Refuses combinations that cannot work, before anything is read or changed.
  virtual void validate(const CommandLine& command_line) const = 0;
  // Does the work; returns the exit code. Errors are thrown as gitops::Error.
  virtual int run(const Streams& streams) = 0;
};

// The command's whole table: its own flags, the shared ones, kubectl's, then --help and --version.
FlagTable flag_table(Command& command);

// Parses `args` (what follows the plugin's name), then completes, validates and runs the command;
// --help and --version print on streams.out. Errors are thrown.
int execute(Command& command, const std::vector<std::string>& args, const Streams& streams);

// The program around a command: execute() on std::cout and std::cerr, and the one catch site that
// turns an error into "kubectl-<plugin>: error: <message>" and its exit code.
int main_of(Command& command, int argc, const char* const* argv);

}  // namespace gitops::cli
