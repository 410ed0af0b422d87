// What users read about the flags: each plugin's --help (a synopsis, every flag, three examples or
// more), the README's flag table of each plugin, and the completion table
// (shared/cli/completion.cpp) all name the same flags.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/completion.hpp"
#include "fixture.hpp"

namespace gitops::testing {
namespace {

using Flags = std::set<std::string>;

const char* const kPlugins[] = {"gitdiff", "gitsync", "gitpromote", "gitrevert"};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

std::string help_of(const std::string& plugin) {
  const auto result = run_plugin(plugin, {"--help"}, ".");
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

// Boost's option lines, by long name, and whether each takes a value: "  --rev arg (=HEAD)",
// "  -o [ --output ] arg", "  --dry-run", "  -v [ --verbose ] [=arg(=1)]" (an optional value
// counts as none). Descriptions that wrap are indented further, so a flag they name is not taken
// for one.
std::map<std::string, bool> options_in_help(const std::string& help) {
  static const std::regex option(R"(^  (?:-[A-Za-z] \[ )?--([a-z0-9][a-z0-9-]*)( \])?( arg)?)");
  std::map<std::string, bool> options;
  std::smatch match;
  for (const auto& line : lines_of(help)) {
    if (std::regex_search(line, match, option))
      options[match[1]] = match[3].matched;
  }
  return options;
}

Flags long_flags_in_help(const std::string& help) {
  Flags flags;
  for (const auto& [name, takes_value] : options_in_help(help))
    flags.insert(name);
  return flags;
}

// The examples: blocks of lines after "Examples:", separated by blank lines, up to the first
// heading ("Flags:").
std::vector<std::string> examples_in_help(const std::string& help) {
  std::vector<std::string> examples;
  bool inside = false;
  std::string block;
  for (const auto& line : lines_of(help)) {
    if (line == "Examples:") {
      inside = true;
    } else if (inside && !line.empty() && !line.starts_with("  ")) {
      break;
    } else if (inside && line.empty()) {
      if (!block.empty())
        examples.push_back(block);
      block.clear();
    } else if (inside) {
      block += line + "\n";
    }
  }
  if (!block.empty())
    examples.push_back(block);
  return examples;
}

std::string readme() {
  std::ifstream in(std::string(GITOPS_SOURCE_DIR) + "/README.md");
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// The first cell of a table row ("| `--rev REV` | meaning |"); a '|' inside backticks is text.
std::string first_cell(const std::string& row) {
  bool code = false;
  for (std::size_t i = 1; i < row.size(); ++i) {
    if (row[i] == '`')
      code = !code;
    if (row[i] == '|' && !code)
      return row.substr(1, i - 1);
  }
  return row.substr(1);
}

// Every backticked --flag in the first cell of the table rows of "## kubectl <plugin>".
Flags long_flags_in_readme(const std::string& plugin) {
  static const std::regex code("`([^`]*)`");
  static const std::regex flag("--([a-z0-9][a-z0-9-]*)");
  Flags flags;
  bool inside = false;
  for (const auto& line : lines_of(readme())) {
    if (line.starts_with("## "))
      inside = line == "## kubectl " + plugin;
    if (!inside || !line.starts_with("| ") || line.starts_with("| flag "))
      continue;
    const std::string cell = first_cell(line);
    for (std::sregex_iterator span(cell.begin(), cell.end(), code), end; span != end; ++span) {
      const std::string text = (*span)[1];
      for (std::sregex_iterator it(text.begin(), text.end(), flag); it != end; ++it) {
        flags.insert((*it)[1]);
      }
    }
  }
  return flags;
}

Flags long_flags_in_completion(const std::string& plugin) {
  Flags flags;
  for (const auto& spec : cli::find_plugin_spec(plugin)->flags)
    flags.insert(std::string(spec.name));
  return flags;
}

Flags without_meta(Flags flags) {
  flags.erase("help");
  flags.erase("version");
  return flags;
}

TEST(Help, ShowsASynopsisEveryFlagAndAtLeastThreeExamples) {
  for (const std::string plugin : kPlugins) {
    const std::string help = help_of(plugin);
    EXPECT_NE(help.find("\nUsage:\n  kubectl " + plugin + " "), std::string::npos) << plugin;
    const auto examples = examples_in_help(help);
    EXPECT_GE(examples.size(), 3U) << plugin << "\n" << help;
    for (const auto& example : examples) {
      EXPECT_NE(example.find("  # "), std::string::npos) << "no comment in:\n" << example;
      EXPECT_NE(example.find("  kubectl " + plugin + " "), std::string::npos) << example;
    }
    const auto flags = long_flags_in_help(help);
    EXPECT_TRUE(flags.contains("help") && flags.contains("version")) << plugin;
    EXPECT_GE(flags.size(), 8U) << plugin;
  }
}

TEST(Help, ReadmeTablesListExactlyTheFlagsOfHelp) {
  for (const std::string plugin : kPlugins) {
    EXPECT_EQ(long_flags_in_readme(plugin), without_meta(long_flags_in_help(help_of(plugin))))
        << "README.md's table under '## kubectl " << plugin << "' (left) and kubectl " << plugin
        << " --help (right) differ";
  }
}

TEST(Help, CompletionKnowsExactlyTheFlagsOfHelp) {
  for (const std::string plugin : kPlugins) {
    const std::string help = help_of(plugin);
    EXPECT_EQ(long_flags_in_completion(plugin), long_flags_in_help(help))
        << "shared/cli/completion.cpp's table (left) and kubectl " << plugin
        << " --help (right) differ";
    const auto options = options_in_help(help);
    for (const auto& flag : cli::find_plugin_spec(plugin)->flags) {
      const std::string name(flag.name);
      if (options.contains(name)) {
        EXPECT_EQ(flag.value != cli::ValueKind::none, options.at(name))
            << plugin << " --" << name << ": the table and --help disagree on taking a value";
      }
      if (flag.short_name == '\0')
        continue;
      const std::string both =
          std::string("  -") + flag.short_name + " [ --" + std::string(flag.name) + " ]";
      EXPECT_NE(help.find(both), std::string::npos) << plugin << ": " << both;
    }
    std::string formats;
    for (const auto format : cli::find_plugin_spec(plugin)->formats) {
      formats += (formats.empty() ? "" : ", ") + std::string(format);
    }
    EXPECT_NE(help.find("output format: " + formats + "\n"), std::string::npos)
        << plugin << ": " << formats;
  }
}

}  // namespace
}  // namespace gitops::testing
