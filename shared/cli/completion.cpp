#include "cli/completion.hpp"

#include <algorithm>
#include <optional>

namespace gitops::cli {
namespace {

using enum ValueKind;

// The flags CommandLine::add_common adds, kubectl's global flags and the two every plugin has.
std::vector<FlagSpec> common_flags() {
  return {{"output", 'o', format}, {"color", '\0', color},     {"verbose", 'v', none},
          {"kubectl", '\0', file}, {"kubeconfig", '\0', file}, {"context", '\0', text},
          {"cluster", '\0', text}, {"user", '\0', text},       {"namespace", 'n', text},
          {"as", '\0', text},      {"as-group", '\0', text},   {"request-timeout", '\0', text}};
}

std::vector<FlagSpec> meta_flags() {
  return {{"help", 'h', none}, {"version", '\0', none}};
}

std::vector<FlagSpec> joined(std::vector<FlagSpec> own, const std::vector<FlagSpec>& more) {
  own.insert(own.end(), more.begin(), more.end());
  return own;
}

std::vector<PluginSpec> make_specs() {
  const auto common = joined(common_flags(), meta_flags());
  return {
      {"gitdiff",
       {"diff", "json", "markdown", "summary"},
       true,
       joined({{"rev", '\0', revision},
               {"worktree", '\0', none},
               {"repo", '\0', folder},
               {"ignore", '\0', text},
               {"app", '\0', app},
               {"record-namespace", '\0', text},
               {"server-side", '\0', none}},
              common)},
      {"gitsync",
       {"text", "json"},
       true,
       joined({{"rev", '\0', revision},
               {"repo", '\0', folder},
               {"app", '\0', app},
               {"record-namespace", '\0', text},
               {"dry-run", '\0', none},
               {"prune", '\0', none},
               {"status", '\0', none},
               {"force-conflicts", '\0', none},
               {"change-paths", '\0', none},
               {"break-lock", '\0', none},
               {"ignore", '\0', text}},
              common)},
      {"gitpromote",
       {"text", "json"},
       false,
       joined({{"from", '\0', folder},
               {"to", '\0', folder},
               {"rev", '\0', revision},
               {"images", '\0', text},
               {"field", '\0', text},
               {"files", '\0', text},
               {"set-image", '\0', text},
               {"branch", '\0', text},
               {"push", '\0', none},
               {"remote", '\0', text},
               {"repo", '\0', text},
               {"dry-run", '\0', none},
               {"verify-source", '\0', none},
               {"source-app", '\0', app},
               {"record-namespace", '\0', text}},
              common)},
      {"gitrevert",
       {"text", "json"},
       false,
       joined({{"app", '\0', app},
               {"list", '\0', none},
               {"to", '\0', revision},
               {"steps", '\0', text},
               {"commit", '\0', revision},
               {"sync", '\0', none},
               {"cluster-only", '\0', none},
               {"unpin", '\0', none},
               {"branch", '\0', text},
               {"push", '\0', none},
               {"remote", '\0', text},
               {"dry-run", '\0', none},
               {"repo", '\0', folder},
               {"record-namespace", '\0', text}},
              common)},
  };
}

const FlagSpec* find_long(const PluginSpec& plugin, std::string_view name) {
  for (const auto& flag : plugin.flags) {
    if (flag.name == name)
      return &flag;
  }
  return nullptr;
}

const FlagSpec* find_short(const PluginSpec& plugin, char name) {
  for (const auto& flag : plugin.flags) {
    if (flag.short_name != '\0' && flag.short_name == name)
      return &flag;
  }
  return nullptr;
}

bool takes_value(const FlagSpec* flag) {
  return flag != nullptr && flag->value != none;
}

// The flag a word names, when it is one: "--rev", "--rev=x", "-o", "-ojson".
const FlagSpec* flag_of(const PluginSpec& plugin, std::string_view word) {
  if (word.starts_with("--"))
    return find_long(plugin, word.substr(2, word.find('=') - 2));
  if (word.size() >= 2 && word[0] == '-')
    return find_short(plugin, word[1]);
  return nullptr;
}

// The value a word carries itself ("--rev=x", "-ojson"), if any.
std::optional<std::string> inline_value(std::string_view word) {
  if (word.starts_with("--")) {
    const auto equals = word.find('=');
    if (equals == std::string_view::npos)
      return std::nullopt;
    return std::string(word.substr(equals + 1));
  }
  if (word.size() > 2)
    return std::string(word.substr(2));
  return std::nullopt;
}

// The word under the cursor when it is a flag with its value attached.
CompletionRequest attached_value(const FlagSpec& flag, const std::string& word) {
  CompletionRequest request;
  request.want = Want::flag_value;
  request.value = flag.value;
  const auto split = word.starts_with("--") ? word.find('=') + 1 : 2;
  request.lead = word.substr(0, split);
  request.typed = word.substr(split);
  return request;
}

// A revision range: candidates complete the revision after "..".
void split_range(CompletionRequest& request) {
  const auto dots = request.typed.rfind("..");
  if (request.value != revision || dots == std::string::npos)
    return;
  const auto end = request.typed.find_first_not_of('.', dots);
  const auto split = end == std::string::npos ? request.typed.size() : end;
  request.lead += request.typed.substr(0, split);
  request.typed.erase(0, split);
}

CompletionRequest classify_current(const PluginSpec& plugin, const std::string& word,
                                   const FlagSpec* pending, bool after_separator) {
  CompletionRequest request;
  request.typed = word;
  if (pending != nullptr) {
    request.want = Want::flag_value;
    request.value = pending->value;
  } else if (after_separator || !word.starts_with("-")) {
    // Plugins without PATHs still offer their flags on an empty word.
    request.want = plugin.takes_paths                 ? Want::path
                   : word.empty() && !after_separator ? Want::flag_name
                                                      : Want::nothing;
  } else if (const FlagSpec* flag = flag_of(plugin, word);
             takes_value(flag) && inline_value(word)) {
    request = attached_value(*flag, word);
  } else if (word.starts_with("--") && word.find('=') != std::string::npos) {
    request.want = Want::nothing;  // an unknown flag or a switch given a value
  } else {
    request.want = Want::flag_name;
  }
  return request;
}

}  // namespace

const std::vector<PluginSpec>& plugin_specs() {
  static const std::vector<PluginSpec> specs = make_specs();
  return specs;
}

const PluginSpec* find_plugin_spec(std::string_view name) {
  for (const auto& spec : plugin_specs()) {
    if (spec.name == name)
      return &spec;
  }
  return nullptr;
}

CompletionRequest parse_completion_words(const PluginSpec& plugin,
                                         const std::vector<std::string>& words) {
  std::map<std::string, std::string> given;
  const FlagSpec* pending = nullptr;  // a flag whose value is the next word
  bool after_separator = false;
  const std::size_t current = words.empty() ? 0 : words.size() - 1;
  for (std::size_t i = 0; i < current; ++i) {
    const std::string& word = words[i];
    if (pending != nullptr) {
      given[std::string(pending->name)] = word;
      pending = nullptr;
    } else if (after_separator || word == "--") {
      after_separator = true;
    } else if (const FlagSpec* flag = flag_of(plugin, word); takes_value(flag)) {
      if (auto value = inline_value(word)) {
        given[std::string(flag->name)] = *value;
      } else {
        pending = flag;
      }
    }
  }
  auto request =
      classify_current(plugin, words.empty() ? "" : words.back(), pending, after_separator);
  request.given = std::move(given);
  split_range(request);
  return request;
}

std::vector<std::string> table_candidates(const PluginSpec& plugin,
                                          const CompletionRequest& request) {
  std::vector<std::string> candidates;
  if (request.want == Want::flag_name) {
    for (const auto& flag : plugin.flags) {
      candidates.push_back("--" + std::string(flag.name));
      if (flag.short_name != '\0')
        candidates.push_back(std::string("-") + flag.short_name);
    }
  } else if (request.want == Want::flag_value && request.value == format) {
    candidates.assign(plugin.formats.begin(), plugin.formats.end());
  } else if (request.want == Want::flag_value && request.value == color) {
    candidates = {"auto", "always", "never"};
  }
  return candidates;
}

Directive directive_for(const CompletionRequest& request) {
  if (request.want == Want::path)
    return Directive::files;
  if (request.want != Want::flag_value)
    return Directive::no_files;
  if (request.value == file)
    return Directive::files;
  if (request.value == folder)
    return Directive::folders;
  return Directive::no_files;
}

std::string render_completion(const CompletionRequest& request,
                              const std::vector<std::string>& candidates, Directive directive) {
  std::string lines;
  for (const auto& candidate : candidates) {
    if (candidate.starts_with(request.typed))
      lines += request.lead + candidate + "\n";
  }
  return lines + ":" + std::to_string(static_cast<int>(directive)) + "\n";
}

}  // namespace gitops::cli
