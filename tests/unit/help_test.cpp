// What users read about the flags: each plugin's --help (a synopsis, every flag of its table in
// cobra's form, three examples or more) and the README's flag table of each plugin name the same
// flags as the table the plugin parses with.

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/help.hpp"
#include "run_command.hpp"

namespace gitops::testing {
namespace {

using Flags = std::set<std::string>;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

std::string help_of(const std::string& plugin) {
  const auto run = run_command(plugin, {"--help"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  return run.out;
}

Flags table_flags(const std::string& plugin) {
  auto command = plugins::make_command(plugin);
  const auto table = cli::flag_table(*command);
  Flags flags;
  for (const auto& flag : table.flags())
    flags.insert(flag.name);
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
Flags flags_in_readme(const std::string& plugin) {
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
      for (std::sregex_iterator it(text.begin(), text.end(), flag); it != end; ++it)
        flags.insert((*it)[1]);
    }
  }
  return flags;
}

TEST(Help, ShowsASynopsisAndAtLeastThreeExamples) {
  for (const auto plugin : plugins::command_names()) {
    const std::string name(plugin);
    const std::string help = help_of(name);
    EXPECT_NE(help.find("\nUsage:\n  kubectl " + name + " "), std::string::npos) << name;
    const auto examples = examples_in_help(help);
    EXPECT_GE(examples.size(), 3U) << name << "\n" << help;
    for (const auto& example : examples) {
      EXPECT_NE(example.find("  # "), std::string::npos) << "no comment in:\n" << example;
      EXPECT_NE(example.find("  kubectl " + name + " "), std::string::npos) << example;
    }
  }
}

TEST(Help, ListsEveryFlagOfTheTableOnceAsCobraDoes) {
  for (const auto plugin : plugins::command_names()) {
    const std::string name(plugin);
    const std::string help = help_of(name);
    auto command = plugins::make_command(name);
    const auto table = cli::flag_table(*command);
    for (const auto& flag : table.flags()) {
      // "  -o, --output string   " or "      --dry-run   ": short name, long name, type.
      std::string left =
          flag.short_name ? std::string("  -") + flag.short_name + ", --" : std::string("      --");
      left += flag.name + (flag.is_switch() ? "" : " " + flag.type);
      if (!flag.implicit_value.empty())
        left += "[=" + flag.implicit_value + "]";
      std::size_t count = 0;
      for (const auto& line : lines_of(help)) {
        if (line.starts_with(left + " ") && line.find(flag.help.substr(0, 20)) != std::string::npos)
          ++count;
      }
      EXPECT_EQ(count, 1U) << name << ": " << left << "\n" << help;
    }
  }
}

TEST(Help, ShowsDefaultsAndTypesInCobrasWords) {
  const std::string help = help_of("gitsync");
  EXPECT_TRUE(std::regex_search(
      help,
      std::regex(R"(\n  -o, --output string +output format: text, json \(default "text"\)\n)")))
      << help;
  EXPECT_TRUE(std::regex_search(
      help,
      std::regex(R"(\n      --rev string +the committed revision to sync \(default "HEAD"\)\n)")))
      << help;
  EXPECT_TRUE(std::regex_search(help, std::regex(R"(\n      --ignore strings +KIND:FIELD)")));
  EXPECT_TRUE(std::regex_search(help, std::regex(R"(\n  -v, --verbose int\[=1\] +log every)")));
  EXPECT_TRUE(std::regex_search(help, std::regex(R"(\n      --prune +delete objects)")));
  EXPECT_NE(help.find("\nkubectl flags (forwarded to every kubectl call):\n"), std::string::npos);
  EXPECT_EQ(help.find("[ --"), std::string::npos) << "program_options' form";
  EXPECT_EQ(help.find("arg (="), std::string::npos) << "program_options' form";
}

TEST(Help, AlignsEveryFlagsHelpInOneColumn) {
  const std::string help = help_of("gitrevert");
  std::set<std::size_t> columns;
  for (const auto& line : lines_of(help)) {
    if (!line.starts_with("  -") && !line.starts_with("      --"))
      continue;
    const auto gap = line.find("   ", 8);  // after the flag's names
    ASSERT_NE(gap, std::string::npos) << line;
    columns.insert(line.find_first_not_of(' ', gap));
  }
  EXPECT_EQ(columns.size(), 1U) << help;
}

TEST(Help, ReadmeTablesListExactlyTheFlagsOfTheTable) {
  for (const auto plugin : plugins::command_names()) {
    const std::string name(plugin);
    auto expected = table_flags(name);
    expected.erase("help");
    expected.erase("version");
    EXPECT_EQ(flags_in_readme(name), expected)
        << "README.md's table under '## kubectl " << name << "' (left) and the plugin's flag "
        << "table (right) differ";
  }
}

TEST(Help, VersionNamesThePlugin) {
  const auto run = run_command("gitdiff", {"--version"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, std::string("kubectl-gitdiff version v") + GITOPS_VERSION + "\n");
}

}  // namespace
}  // namespace gitops::testing
