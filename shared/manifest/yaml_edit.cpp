#include "manifest/yaml_edit.hpp"

#include <algorithm>
#include <map>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "error.hpp"
#include "manifest/yaml_scalar.hpp"

namespace gitops::manifest {
namespace {

Error edit_error(const YamlText& yaml, int line, const std::string& reason) {
  const std::string where = line > 0 ? " at line " + std::to_string(line) : std::string();
  return Error("cannot edit " + quoted(yaml.path) + where + ": " + reason);
}

int line_of_mark(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? 0 : mark.line + 1;
}

// The last entry of a mapping as written, among those not `removed`.
std::optional<std::pair<YAML::Node, YAML::Node>> last_entry(
    const YAML::Node& mapping, const std::vector<std::string>& removed) {
  std::optional<std::pair<YAML::Node, YAML::Node>> last;
  for (const auto& pair : mapping) {
    const bool leaving = pair.first.IsScalar() && std::find(removed.begin(), removed.end(),
                                                            pair.first.Scalar()) != removed.end();
    if (!leaving && (!last || pair.first.Mark().pos > last->first.Mark().pos)) {
      last.emplace(pair.first, pair.second);
    }
  }
  return last;
}

std::size_t offset_of(const YamlText& yaml, const YAML::Node& node) {
  return yaml.bom + static_cast<std::size_t>(node.Mark().pos);
}

std::size_t line_start(std::string_view text, std::size_t at) {
  const std::size_t newline = text.rfind('\n', at == 0 ? 0 : at - 1);
  return at == 0 || newline == std::string_view::npos ? 0 : newline + 1;
}

std::string line_break_of(std::string_view text) {
  const std::size_t newline = text.find('\n');
  return newline != std::string_view::npos && newline > 0 && text[newline - 1] == '\r' ? "\r\n"
                                                                                       : "\n";
}

}  // namespace

ScalarSpan scalar_span(const YamlText& yaml, const YAML::Node& scalar) {
  const int line = line_of_mark(scalar);
  if (!scalar.IsScalar() || scalar.Mark().is_null() || scalar.Mark().pos < 0) {
    throw edit_error(yaml, line, "the value is not a scalar");
  }
  const std::string_view text = yaml.text;
  const std::size_t at = skip_properties(text, offset_of(yaml, scalar));
  if (at >= text.size()) {
    throw edit_error(yaml, line, "cannot find the value in the text");
  }
  // A tag or an anchor with its value on another line, or with no value at all (what follows is
  // the next line): the text found there may not be this scalar's.
  if (text.substr(offset_of(yaml, scalar), at - offset_of(yaml, scalar)).find('\n') !=
      std::string_view::npos) {
    throw edit_error(yaml, line,
                     scalar.Scalar().empty() ? "the value is empty; edit it by hand"
                                             : "the value is on the line after its tag or "
                                               "anchor; edit it by hand");
  }
  ScalarSpan span;
  span.begin = at;
  span.line = line;
  switch (text[at]) {
    case '"':
    case '\'': {
      const auto end = quoted_scalar_end(text, at);
      if (!end) {
        throw edit_error(yaml, line, "unterminated quoted string");
      }
      span.end = *end;
      span.style = text[at] == '"' ? ScalarStyle::double_quoted : ScalarStyle::single_quoted;
      return span;
    }
    case '|':
    case '>':
      throw edit_error(yaml, line, "the value is a block scalar (| or >); edit it by hand");
    default:
      // An empty plain scalar (a tag or an anchor with no text) has no text to find: past its
      // properties lies whatever follows, perhaps the next line.
      if (scalar.Scalar().empty()) {
        throw edit_error(yaml, line, "the value is empty; edit it by hand");
      }
      // A plain scalar on one line is its own text; one folded over lines is not, and is left to
      // a person.
      if (text.substr(at, scalar.Scalar().size()) != scalar.Scalar()) {
        throw edit_error(yaml, line, "the value is folded over several lines; edit it by hand");
      }
      span.end = at + scalar.Scalar().size();
      span.style = ScalarStyle::plain;
      return span;
  }
}

std::string render_scalar(const std::string& value, ScalarStyle style, ScalarKind kind) {
  switch (style) {
    case ScalarStyle::double_quoted:
      return double_quoted(value);
    case ScalarStyle::single_quoted:
      return fits_single_quoted(value) ? single_quoted(value) : double_quoted(value);
    case ScalarStyle::plain:
      break;
  }
  const bool stays_plain = kind == ScalarKind::typed
                               ? plain_text_survives(value, PlainContext::flow)
                               : fits_plain(value, PlainContext::flow);
  return stays_plain ? value : double_quoted(value);
}

TextEdit replace_scalar(const YamlText& yaml, const YAML::Node& scalar, const std::string& value,
                        ScalarKind kind) {
  const ScalarSpan span = scalar_span(yaml, scalar);
  return TextEdit{span.begin, span.end, render_scalar(value, span.style, kind), span.line, value};
}

TextEdit insert_entry(const YamlText& yaml, const YAML::Node& mapping, const std::string& key,
                      const std::string& value, const std::vector<std::string>& removed) {
  const int line = line_of_mark(mapping);
  const auto last_pair = mapping.IsMap() ? last_entry(mapping, removed) : std::nullopt;
  if (!last_pair) {
    throw edit_error(yaml, line, "cannot add " + quoted(key) + " to an empty mapping");
  }
  const auto& [last_key, last_value] = *last_pair;
  if (!last_value.IsScalar()) {
    throw edit_error(yaml, line_of_mark(last_key),
                     "cannot add " + quoted(key) + " after a value that is not a scalar");
  }
  const ScalarSpan last = scalar_span(yaml, last_value);
  if (mapping.Style() == YAML::EmitterStyle::Flow) {
    return TextEdit{last.end, last.end, ", " + key + ": " + value, last.line};
  }
  const std::string_view text = yaml.text;
  // Keys of a block mapping share a column; the first may follow "- ", which counts as indent.
  const std::size_t first_key = offset_of(yaml, mapping.begin()->first);
  const std::string indent(first_key - line_start(text, first_key), ' ');
  std::size_t at = text.find('\n', last.end);
  std::string line_break = line_break_of(text);
  if (at == std::string_view::npos) {
    at = text.size();
  } else if (at > 0 && text[at - 1] == '\r') {
    --at;
    line_break = "\r\n";
  }
  return TextEdit{at, at, line_break + indent + key + ": " + value, last.line};
}

TextEdit remove_entry(const YamlText& yaml, const YAML::Node& mapping, const std::string& key) {
  std::optional<std::pair<YAML::Node, YAML::Node>> entry;
  for (const auto& pair : mapping) {
    if (pair.first.IsScalar() && pair.first.Scalar() == key) {
      entry.emplace(pair.first, pair.second);
    }
  }
  if (!entry) {
    throw edit_error(yaml, line_of_mark(mapping), "there is no " + quoted(key) + " to remove");
  }
  const int line = line_of_mark(entry->first);
  if (mapping.Style() == YAML::EmitterStyle::Flow) {
    throw edit_error(yaml, line,
                     "cannot remove " + quoted(key) + " from a flow mapping { }; edit it by hand");
  }
  const std::string_view text = yaml.text;
  const std::size_t key_at = offset_of(yaml, entry->first);
  const std::size_t begin = line_start(text, key_at);
  if (text.substr(begin, key_at - begin).find_first_not_of(' ') != std::string_view::npos) {
    throw edit_error(yaml, line,
                     "cannot remove " + quoted(key) +
                         ", which shares its line with the start of its item; edit it by hand");
  }
  const ScalarSpan value = scalar_span(yaml, entry->second);
  const std::size_t newline = text.find('\n', value.end);
  if (newline != std::string_view::npos) {
    return TextEdit{begin, newline + 1, "", line};
  }
  // The last line of a file without a final line break: take the break before it instead.
  const std::size_t previous =
      begin == 0 ? 0 : (begin >= 2 && text[begin - 2] == '\r' ? begin - 2 : begin - 1);
  return TextEdit{previous, text.size(), "", line};
}

namespace {

// Where each scalar of `node` (keys included) begins in the text, with what it reads as.
void collect_scalars(const YamlText& yaml, const YAML::Node& node,
                     std::map<std::size_t, std::string>& found) {
  if (node.IsScalar()) {
    if (!node.Mark().is_null() && node.Mark().pos >= 0)
      found.emplace(skip_properties(yaml.text, offset_of(yaml, node)), node.Scalar());
  } else if (node.IsSequence()) {
    for (const auto& item : node)
      collect_scalars(yaml, item, found);
  } else if (node.IsMap()) {
    for (const auto& entry : node) {
      collect_scalars(yaml, entry.first, found);
      collect_scalars(yaml, entry.second, found);
    }
  }
}

void check_reads_back(const std::string& edited, const std::vector<TextEdit>& edits,
                      const std::string& path) {
  YamlText again;
  try {
    again = load_yaml_text(edited, path);
  } catch (const Error& error) {
    throw Error("cannot edit " + quoted(path) + " at line " + std::to_string(edits.front().line) +
                ": the edited file would not load (" + error.what() + "); edit it by hand");
  }
  std::map<std::size_t, std::string> scalars;
  for (const auto& document : again.documents)
    collect_scalars(again, document, scalars);
  std::ptrdiff_t shift = 0;  // how far earlier edits moved the text
  for (const auto& edit : edits) {
    const auto at = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(edit.begin) + shift);
    shift += static_cast<std::ptrdiff_t>(edit.replacement.size()) -
             static_cast<std::ptrdiff_t>(edit.end - edit.begin);
    if (!edit.reads_as)
      continue;
    const auto found = scalars.find(at);
    if (found == scalars.end() || found->second != *edit.reads_as) {
      throw Error("cannot edit " + quoted(path) + " at line " + std::to_string(edit.line) +
                  ": the edited value would not read back as " + quoted(*edit.reads_as) +
                  "; edit it by hand");
    }
  }
}

}  // namespace

std::string apply_edits(const std::string& text, std::vector<TextEdit> edits,
                        const std::string& path) {
  std::stable_sort(edits.begin(), edits.end(),
                   [](const TextEdit& a, const TextEdit& b) { return a.begin < b.begin; });
  std::string result;
  result.reserve(text.size());
  std::size_t copied = 0;
  for (const TextEdit& edit : edits) {
    if (edit.begin < copied || edit.end < edit.begin || edit.end > text.size()) {
      throw Error("cannot edit " + quoted(path) + " at line " + std::to_string(edit.line) +
                  ": two changes touch the same value");
    }
    result.append(text, copied, edit.begin - copied);
    result += edit.replacement;
    copied = edit.end;
  }
  result.append(text, copied, std::string::npos);
  if (!edits.empty())
    check_reads_back(result, edits, path);
  return result;
}

}  // namespace gitops::manifest
