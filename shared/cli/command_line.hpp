#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "cli/common_options.hpp"

namespace gitops::cli {

// What `--help` says about a plugin: kubectl-style usage, a description, and real examples.
struct CommandInfo {
  std::string name;                   // "gitdiff"
  std::string synopsis;               // "[flags] [PATH...]"
  std::string summary;                // one paragraph
  std::vector<std::string> examples;  // "# comment\nkubectl gitdiff --rev main~1..main"
};

// Parses a plugin's command line: its own flags, the common ones and kubectl's global flags.
// Unknown or malformed flags throw Error naming the flag and pointing at --help.
class CommandLine {
 public:
  explicit CommandLine(CommandInfo info);

  // The plugin's own flags; add to it before parse().
  boost::program_options::options_description& flags() { return own_; }

  // Adds --output (with the formats the plugin supports), --color, -v, --kubectl and kubectl's
  // global flags, all written into `common`.
  void add_common(CommonOptions& common, const std::vector<std::string>& formats);

  // Parses argv. Returns false when --help or --version was handled (the caller exits 0).
  bool parse(int argc, const char* const* argv);

  const boost::program_options::variables_map& values() const { return values_; }
  const std::vector<std::string>& positional() const { return positional_; }
  bool given(const std::string& flag) const {
    return values_.count(flag) && !values_[flag].defaulted();
  }

  // Refuses a flag that the chosen mode would ignore: "--prune does not apply to --status".
  void refuse_given(const std::vector<std::string>& flags, const std::string& mode) const;

  std::string usage() const;

 private:
  CommandInfo info_;
  boost::program_options::options_description own_{"Flags"};
  boost::program_options::options_description common_{"Common flags"};
  boost::program_options::options_description kubectl_{
      "kubectl flags (forwarded to every kubectl call)"};
  boost::program_options::variables_map values_;
  std::vector<std::string> positional_;
  std::vector<std::string> formats_;
  CommonOptions* common_options_ = nullptr;
};

}  // namespace gitops::cli
