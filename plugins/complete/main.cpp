#include <iostream>

#include "cli/command.hpp"
#include "cli/program.hpp"
#include "complete.hpp"

// One program, four names: kubectl_complete-gitdiff, -gitsync, -gitpromote and -gitrevert. The
// name it runs under says which plugin's command line it completes.
int main(int argc, char** argv) {
  const std::string plugin = gitops::complete::plugin_from_program(argv[0]);
  const gitops::cli::Streams streams{std::cout, std::cerr};
  return gitops::cli::run_program("kubectl_complete-" + plugin, streams, [&] {
    return gitops::complete::run(plugin, std::vector<std::string>(argv + 1, argv + argc));
  });
}
