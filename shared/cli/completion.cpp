#include "cli/completion.hpp"

#include <algorithm>
#include <optional>

namespace gitops::cli {
namespace {

using enum ValueKind;

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

PluginSpec plugin_spec(const CommandInfo& info, const FlagTable& table) {
  PluginSpec spec{info.name, info.formats, info.takes_paths, {}};
  for (const auto& flag : table.flags())
    spec.flags.push_back({flag.name, flag.short_name, flag.is_switch() ? none : flag.values});
  return spec;
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
