#pragma once

#include <set>
#include <string>
#include <vector>

#include "cli/flag_table.hpp"
#include "cli/help.hpp"

namespace gitops::cli {

// Parses a plugin's command line against its flag table: each given value is stored through the
// table into the plugin's options. Unknown or malformed flags, empty values and PATHs given to a
// plugin that takes none throw Error naming the flag and pointing at --help.
class CommandLine {
 public:
  enum class Parsed { run, help, version };

  CommandLine(const CommandInfo& info, const FlagTable& table);

  Parsed parse(const std::vector<std::string>& args);

  const std::vector<std::string>& positional() const { return positional_; }
  bool given(const std::string& flag) const { return given_.contains(flag); }

  // Refuses a flag that the chosen mode would ignore: "--prune does not apply to --status".
  void refuse_given(const std::vector<std::string>& flags, const std::string& mode) const;

 private:
  const CommandInfo& info_;
  const FlagTable& table_;
  std::set<std::string> given_;
  std::vector<std::string> positional_;
};

}  // namespace gitops::cli
