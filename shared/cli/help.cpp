#include "cli/help.hpp"

#include <algorithm>
#include <sstream>

namespace gitops::cli {

namespace {

constexpr std::size_t kWidth = 100;

// "  -o, --output string" or "      --dry-run": pflag's left column.
std::string left_column(const Flag& flag) {
  std::string line = flag.short_name != '\0' ? std::string("  -") + flag.short_name + ", --"
                                             : std::string("      --");
  line += flag.name;
  if (!flag.is_switch())
    line += " " + flag.type;
  if (!flag.implicit_value.empty())
    line += "[=" + flag.implicit_value + "]";
  return line;
}

std::string help_text(const Flag& flag) {
  if (flag.default_value.empty())
    return flag.help;
  if (flag.type == "string")
    return flag.help + " (default \"" + flag.default_value + "\")";
  return flag.help + " (default " + flag.default_value + ")";
}

// Words of `text` in lines of at most `width` characters (a longer word gets a line of its own).
std::vector<std::string> wrapped(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::istringstream words(text);
  std::string line;
  for (std::string word; words >> word;) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty())
    lines.push_back(line);
  return lines;
}

std::vector<std::string> sections_of(const FlagTable& table) {
  std::vector<std::string> sections;
  for (const auto& flag : table.flags()) {
    if (std::find(sections.begin(), sections.end(), flag.section) == sections.end())
      sections.push_back(flag.section);
  }
  return sections;
}

}  // namespace

std::string render_flag_lines(const std::vector<const Flag*>& flags, std::size_t help_column) {
  const std::size_t help_width = kWidth > help_column + 30 ? kWidth - help_column : 30;
  std::string out;
  for (const Flag* flag : flags) {
    const std::string left = left_column(*flag);
    const auto lines = wrapped(help_text(*flag), help_width);
    out += left;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::size_t used = i == 0 ? left.size() : 0;
      out += std::string(help_column - used, ' ') + lines[i] + "\n";
    }
    if (lines.empty())
      out += "\n";
  }
  return out;
}

std::string render_help(const CommandInfo& info, const FlagTable& table) {
  std::ostringstream out;
  out << info.summary << "\n\nUsage:\n  kubectl " << info.name << " " << info.synopsis << "\n";
  if (!info.examples.empty()) {
    out << "\nExamples:\n";
    for (const auto& example : info.examples) {
      std::istringstream lines(example);
      for (std::string line; std::getline(lines, line);)
        out << "  " << line << "\n";
      out << "\n";
    }
  }
  // One help column for every section, three spaces after the longest flag, as pflag aligns.
  std::size_t longest = 0;
  for (const auto& flag : table.flags())
    longest = std::max(longest, left_column(flag).size());
  bool after_blank_line = !info.examples.empty();
  for (const auto& section : sections_of(table)) {
    if (!after_blank_line)
      out << "\n";
    after_blank_line = false;
    std::vector<const Flag*> flags;
    for (const auto& flag : table.flags()) {
      if (flag.section == section)
        flags.push_back(&flag);
    }
    out << section << ":\n" << render_flag_lines(flags, longest + 3);
  }
  return out.str();
}

}  // namespace gitops::cli
