#pragma once

// Shell completion for the plugins (kubectl 1.26+ runs kubectl_complete-<plugin> with the words
// after the plugin name, the last one being completed). The pure part: which flags each plugin
// has, what the word under the cursor asks for, and the lines kubectl reads back.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cli/flag_table.hpp"
#include "cli/help.hpp"

namespace gitops::cli {

struct FlagSpec {
  std::string name;        // the long name, without "--"
  char short_name = '\0';  // 'o' for -o
  ValueKind value = ValueKind::none;
};

// A plugin's command line as completion sees it: made from the plugin's flag table, so it knows
// exactly the flags the plugin parses.
struct PluginSpec {
  std::string name;                  // "gitdiff"
  std::vector<std::string> formats;  // the values of --output
  bool takes_paths = false;          // PATH... arguments
  std::vector<FlagSpec> flags;       // --help and --version included
};

PluginSpec plugin_spec(const CommandInfo& info, const FlagTable& table);

// What the word under the cursor asks for.
enum class Want { flag_name, flag_value, path, nothing };

struct CompletionRequest {
  Want want = Want::nothing;
  ValueKind value = ValueKind::none;  // for Want::flag_value
  std::string typed;                  // what candidates must start with: "ma" of "--rev=ma"
  std::string lead;  // what stays in front of each candidate: "--rev=", "main..", "-o"
  std::map<std::string, std::string> given;  // values of the flags before it, by long name
};

// Reads the words kubectl passes (the last one is being completed, "" for a new word).
CompletionRequest parse_completion_words(const PluginSpec& plugin,
                                         const std::vector<std::string>& words);

// The candidates the table alone knows: flag names, formats, colours. Revisions and apps come
// from the repository and the cluster.
std::vector<std::string> table_candidates(const PluginSpec& plugin,
                                          const CompletionRequest& request);

// Cobra's shell-completion directives, which kubectl relays to the shell.
enum class Directive { files = 0, error = 1, no_files = 4, folders = 16 };

Directive directive_for(const CompletionRequest& request);

// What kubectl reads back: each candidate that starts with what was typed, with the lead in
// front, one a line, then ":<directive>".
std::string render_completion(const CompletionRequest& request,
                              const std::vector<std::string>& candidates, Directive directive);

}  // namespace gitops::cli
