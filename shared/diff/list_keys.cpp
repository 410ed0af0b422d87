#include "diff/list_keys.hpp"

#include <algorithm>

#include "error.hpp"

// The text form: a header naming the format, then one line per list, sorted so that a cache file
// is the same whenever the schema is:
//   <group>/<Kind> <path>[\t<key>]...\n
// Tabs, line breaks and backslashes in names are escaped (\t, \n, \\): CRD field names are free
// text. Every line ends in '\n', so that a file cut short by a crash reads as malformed, not as a
// list with fewer keys.

namespace gitops::diff {

namespace {

constexpr std::string_view kHeader = "gitops list-keys 1";

std::string list_id(const std::string& group, const std::string& kind, const std::string& path) {
  return group + "/" + kind + " " + path;
}

void append_escaped(std::string& text, std::string_view name) {
  for (char c : name) {
    switch (c) {
      case '\\':
        text += "\\\\";
        break;
      case '\t':
        text += "\\t";
        break;
      case '\n':
        text += "\\n";
        break;
      default:
        text += c;
    }
  }
}

std::string unescaped(std::string_view field, std::size_t line_number) {
  std::string name;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\') {
      name += field[i];
      continue;
    }
    char escaped = i + 1 < field.size() ? field[++i] : '\0';
    if (escaped != '\\' && escaped != 't' && escaped != 'n')
      throw Error("cannot read the list keys at line " + std::to_string(line_number) +
                  ": a bad escape in " + quoted(std::string(field)));
    name += escaped == 't' ? '\t' : escaped == 'n' ? '\n' : '\\';
  }
  return name;
}

std::vector<std::string_view> tab_separated(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (std::size_t tab; (tab = line.find('\t', start)) != std::string_view::npos; start = tab + 1)
    fields.push_back(line.substr(start, tab - start));
  fields.push_back(line.substr(start));
  return fields;
}

bool is_list_id(const std::string& id) {
  auto slash = id.find('/');
  return slash != std::string::npos && id.find(' ', slash) != std::string::npos;
}

}  // namespace

std::optional<std::vector<std::string>> ListKeys::find(const std::string& group,
                                                       const std::string& kind,
                                                       const std::string& path) const {
  auto it = keys_by_list_.find(list_id(group, kind, path));
  if (it == keys_by_list_.end())
    return std::nullopt;
  return it->second;
}

void ListKeys::add(const std::string& group, const std::string& kind, const std::string& path,
                   std::vector<std::string> keys) {
  keys_by_list_.try_emplace(list_id(group, kind, path), std::move(keys));
}

void ListKeys::merge(const ListKeys& other) {
  for (const auto& [id, keys] : other.keys_by_list_)
    keys_by_list_.insert_or_assign(id, keys);
}

std::string ListKeys::to_text() const {
  std::vector<std::string> lines;
  lines.reserve(keys_by_list_.size());
  for (const auto& [id, keys] : keys_by_list_) {
    std::string line;
    append_escaped(line, id);
    for (const auto& key : keys) {
      line += '\t';
      append_escaped(line, key);
    }
    lines.push_back(std::move(line));
  }
  std::sort(lines.begin(), lines.end());
  std::string text = std::string(kHeader) + "\n";
  for (const auto& line : lines)
    text += line + "\n";
  return text;
}

ListKeys ListKeys::from_text(std::string_view text) {
  if (text.substr(0, kHeader.size() + 1) != std::string(kHeader) + "\n")
    throw Error("cannot read the list keys: the first line is not " + quoted(std::string(kHeader)));
  ListKeys list_keys;
  std::size_t line_number = 1;
  for (std::size_t start = kHeader.size() + 1; start < text.size();) {
    ++line_number;
    auto end = text.find('\n', start);
    if (end == std::string_view::npos)
      throw Error("cannot read the list keys at line " + std::to_string(line_number) +
                  ": the line does not end, the text is cut short");
    auto fields = tab_separated(text.substr(start, end - start));
    std::string id = unescaped(fields.front(), line_number);
    if (!is_list_id(id))
      throw Error("cannot read the list keys at line " + std::to_string(line_number) + ": " +
                  quoted(id) + " is not 'group/Kind path'");
    std::vector<std::string> keys;
    for (std::size_t i = 1; i < fields.size(); ++i)
      keys.push_back(unescaped(fields[i], line_number));
    list_keys.keys_by_list_.insert_or_assign(std::move(id), std::move(keys));
    start = end + 1;
  }
  return list_keys;
}

}  // namespace gitops::diff
