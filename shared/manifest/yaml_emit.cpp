#include "manifest/yaml_emit.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

#include "manifest/yaml_scalar.hpp"

namespace gitops::manifest {

namespace {

// Shortest text that reads back as the same double, and as a float: 1.0 keeps its ".0".
std::string float_text(double number) {
  if (std::isnan(number)) {
    return ".nan";
  }
  if (std::isinf(number)) {
    return number > 0 ? ".inf" : "-.inf";
  }
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  std::string text(buffer, result.ptr);
  if (text.find_first_not_of("-0123456789") == std::string::npos) {
    text += ".0";
  }
  return text;
}

// The lines of a literal block, at `indent`; `|-`, `|` or `|+` say how many final line breaks
// the text has (none, one, more).
void write_literal(std::string& out, std::string_view text, int indent) {
  std::size_t end = text.find_last_not_of('\n') + 1;
  std::size_t final_breaks = text.size() - end;
  out += final_breaks == 0 ? "|-\n" : final_breaks == 1 ? "|\n" : "|+\n";
  std::string_view body = text.substr(0, end);
  for (std::size_t start = 0; start <= body.size();) {
    std::size_t stop = body.find('\n', start);
    if (stop == std::string_view::npos) {
      stop = body.size();
    }
    if (stop > start) {
      out.append(indent, ' ');
      out += body.substr(start, stop - start);
    }
    out += '\n';
    start = stop + 1;
  }
  if (final_breaks > 1) {
    out.append(final_breaks - 1, '\n');
  }
}

void write_string(std::string& out, const std::string& text, int block_indent) {
  switch (string_style(text)) {
    case StringStyle::plain:
      out += text;
      break;
    case StringStyle::double_quoted:
      out += double_quoted(text);
      break;
    case StringStyle::literal:
      write_literal(out, text, block_indent);
      return;
  }
  out += '\n';
}

// A scalar or an empty collection, which ends its line; a literal block's lines go at
// `block_indent`.
void write_inline(std::string& out, const Value& value, int block_indent) {
  switch (value.type()) {
    case Value::value_t::string:
      write_string(out, value.get_ref<const std::string&>(), block_indent);
      return;
    case Value::value_t::number_float:
      out += float_text(value.get<double>());
      break;
    case Value::value_t::object:
      out += "{}";
      break;
    case Value::value_t::array:
      out += "[]";
      break;
    case Value::value_t::null:
    case Value::value_t::discarded:
      out += "null";
      break;
    default:  // booleans and integers print as JSON prints them
      out += value.dump();
      break;
  }
  out += '\n';
}

bool is_block(const Value& value) {
  return (value.is_object() || value.is_array()) && !value.empty();
}

void write_list(std::string& out, const Value& list, int indent, bool on_open_line);

// `on_open_line`: the first entry continues a line already started ("- " of a list item).
void write_map(std::string& out, const Value& map, int indent, bool on_open_line) {
  for (const auto& [key, value] : map.items()) {
    if (!on_open_line) {
      out.append(indent, ' ');
    }
    on_open_line = false;
    out += string_style(key) == StringStyle::plain ? key : double_quoted(key);
    out += ':';
    if (value.is_object() && is_block(value)) {
      out += '\n';
      write_map(out, value, indent + 2, false);
    } else if (is_block(value)) {
      out += '\n';
      write_list(out, value, indent, false);  // kubectl's style: items at the key's indent
    } else {
      out += ' ';
      write_inline(out, value, indent + 2);
    }
  }
}

void write_list(std::string& out, const Value& list, int indent, bool on_open_line) {
  for (const auto& item : list) {
    if (!on_open_line) {
      out.append(indent, ' ');
    }
    on_open_line = false;
    out += "- ";
    if (item.is_object() && is_block(item)) {
      write_map(out, item, indent + 2, true);
    } else if (is_block(item)) {
      write_list(out, item, indent + 2, true);
    } else {
      write_inline(out, item, indent + 2);
    }
  }
}

}  // namespace

std::string to_yaml(const Value& value) {
  std::string out;
  if (value.is_object() && is_block(value)) {
    write_map(out, value, 0, false);
  } else if (is_block(value)) {
    write_list(out, value, 0, false);
  } else {
    write_inline(out, value, 2);
  }
  return out;
}

}  // namespace gitops::manifest
