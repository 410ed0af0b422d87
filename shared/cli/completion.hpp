#pragma once

// Shell completion for the plugins (kubectl 1.26+ runs kubectl_complete-<plugin> with the words
// after the plugin name, the last one being completed). The pure part: which flags each plugin
// has, what the word under the cursor asks for, and the lines kubectl reads back.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gitops::cli {

// What a flag's value is; it decides where candidates come from.
enum class ValueKind {
  none,      // a switch
  format,    // --output: the plugin's formats
  color,     // auto, always, never
  revision,  // the repository's branches and tags
  app,       // the apps recorded in the cluster
  file,      // a file path: the shell completes it
  folder,    // a folder path: the shell completes it
  text,      // anything: nothing to offer
};

struct FlagSpec {
  std::string_view name;   // the long name, without "--"
  char short_name = '\0';  // 'o' for -o
  ValueKind value = ValueKind::none;
};

// A plugin's command line as completion sees it. Kept beside the plugins' own definitions by
// tests/integration/help_test.cpp, which compares every table with the plugin's --help.
struct PluginSpec {
  std::string_view name;                  // "gitdiff"
  std::vector<std::string_view> formats;  // the values of --output
  bool takes_paths = false;               // PATH... arguments
  std::vector<FlagSpec> flags;            // --help and --version included
};

const std::vector<PluginSpec>& plugin_specs();

// The spec of "gitdiff" and the others; nullptr for an unknown name.
const PluginSpec* find_plugin_spec(std::string_view name);

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
