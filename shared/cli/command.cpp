#include "cli/command.hpp"

#include <unistd.h>

#include <iostream>

#include "cli/kubectl_flags.hpp"
#include "cli/program.hpp"

namespace gitops::cli {

FlagTable flag_table(Command& command) {
  FlagTable table;
  command.add_flags(table);
  command.common().add_flags(table, command.info().formats);
  add_kubectl_flags(table, command.common().kube);
  table.start_section("Flags");
  table.action("help", "show this help").shorthand('h');
  table.action("version", "print the version");
  return table;
}

int execute(Command& command, const std::vector<std::string>& args, const Streams& streams) {
  const auto info = command.info();
  const auto table = flag_table(command);
  CommandLine command_line(info, table);
  switch (command_line.parse(args)) {
    case CommandLine::Parsed::help:
      streams.out << render_help(info, table);
      return 0;
    case CommandLine::Parsed::version:
      streams.out << "kubectl-" << info.name << " version v" << GITOPS_VERSION << "\n";
      return 0;
    case CommandLine::Parsed::run:
      break;
  }
  command.common().validate(info.formats);
  command.complete(command_line);
  command.validate(command_line);
  return command.run(streams);
}

int main_of(Command& command, int argc, const char* const* argv) {
  const Streams streams{std::cout, std::cerr, isatty(STDOUT_FILENO) == 1,
                        isatty(STDERR_FILENO) == 1};
  return run_program("kubectl-" + command.info().name, streams, [&] {
    return execute(command, std::vector<std::string>(argv + 1, argv + argc), streams);
  });
}

}  // namespace gitops::cli
