#pragma once

#include <string>
#include <vector>

#include "cli/flag_table.hpp"

namespace gitops::cli {

// What `--help` says about a plugin besides its flags.
struct CommandInfo {
  std::string name;                   // "gitdiff"
  std::string synopsis;               // "[flags] [PATH...]"
  std::string summary;                // one paragraph
  std::vector<std::string> examples;  // "# comment\nkubectl gitdiff --rev main~1..main"
  std::vector<std::string> formats;   // the values of --output, the default first
  bool takes_paths = false;           // PATH... arguments
};

// The whole --help text, as kubectl and cobra print theirs: the summary, usage, examples, then
// each section of flags, one a line ("  -o, --output string   output format: ... (default
// "text")"), their help aligned in one column.
std::string render_help(const CommandInfo& info, const FlagTable& table);

// The flag lines alone, for one section; exposed for tests.
std::string render_flag_lines(const std::vector<const Flag*>& flags, std::size_t help_column);

}  // namespace gitops::cli
