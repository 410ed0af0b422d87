#pragma once

// Runs a plugin's command in-process, as its main would, with its output and errors captured.

#include <sstream>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/program.hpp"
#include "commands.hpp"

namespace gitops::testing {

struct CommandRun {
  int exit_code = 0;
  std::string out;
  std::string err;
};

inline CommandRun run_command(const std::string& plugin, const std::vector<std::string>& args) {
  auto command = plugins::make_command(plugin);
  std::ostringstream out;
  std::ostringstream err;
  const cli::Streams streams{out, err};
  CommandRun run;
  run.exit_code = cli::run_program("kubectl-" + plugin, streams,
                                   [&] { return cli::execute(*command, args, streams); });
  run.out = out.str();
  run.err = err.str();
  return run;
}

}  // namespace gitops::testing
