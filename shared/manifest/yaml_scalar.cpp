#include "manifest/yaml_scalar.hpp"

#include <limits>
#include <string>

#include "manifest/yaml_number.hpp"
#include "util/utf8.hpp"

namespace gitops::manifest {

namespace {

// go-yaml v2's resolveMap: the words a plain scalar must spell exactly (no "tRUE", no ".Nan").
enum class Word { yes, no, null, nan, inf, minus_inf };

struct WordSpelling {
  std::string_view text;
  Word word;
};

// clang-format off
constexpr WordSpelling kWords[] = {
    {"y", Word::yes}, {"Y", Word::yes}, {"yes", Word::yes}, {"Yes", Word::yes}, {"YES", Word::yes},
    {"true", Word::yes}, {"True", Word::yes}, {"TRUE", Word::yes},
    {"on", Word::yes}, {"On", Word::yes}, {"ON", Word::yes},
    {"n", Word::no}, {"N", Word::no}, {"no", Word::no}, {"No", Word::no}, {"NO", Word::no},
    {"false", Word::no}, {"False", Word::no}, {"FALSE", Word::no},
    {"off", Word::no}, {"Off", Word::no}, {"OFF", Word::no},
    {"", Word::null}, {"~", Word::null}, {"null", Word::null}, {"Null", Word::null},
    {"NULL", Word::null},
    {".nan", Word::nan}, {".NaN", Word::nan}, {".NAN", Word::nan},
    {".inf", Word::inf}, {".Inf", Word::inf}, {".INF", Word::inf},
    {"+.inf", Word::inf}, {"+.Inf", Word::inf}, {"+.INF", Word::inf},
    {"-.inf", Word::minus_inf}, {"-.Inf", Word::minus_inf}, {"-.INF", Word::minus_inf},
};
// clang-format on

std::optional<Value> word_value(std::string_view text) {
  for (const auto& spelling : kWords) {
    if (spelling.text != text) {
      continue;
    }
    switch (spelling.word) {
      case Word::yes:
        return Value(true);
      case Word::no:
        return Value(false);
      case Word::null:
        return Value(nullptr);
      case Word::nan:
        return Value(std::numeric_limits<double>::quiet_NaN());
      case Word::inf:
        return Value(std::numeric_limits<double>::infinity());
      case Word::minus_inf:
        return Value(-std::numeric_limits<double>::infinity());
    }
  }
  return std::nullopt;
}

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

// go-yaml v2's resolve() for an untagged plain scalar, read into interface{}: timestamps stay
// strings, so they need no case of their own.
Value type_plain_scalar(std::string_view text) {
  if (auto word = word_value(text)) {
    return *word;  // including "" -> null
  }
  if (text[0] == '.') {  // Go's ParseFloat on the text as written: no sign, no '_'
    auto number = is_yaml_style_float(text) ? parse_finite_double(text) : std::nullopt;
    return number ? Value(*number) : Value(std::string(text));
  }
  if (std::string_view("+-0123456789").find(text[0]) == std::string_view::npos) {
    return Value(std::string(text));
  }
  std::string plain;
  plain.reserve(text.size());
  for (char c : text) {
    if (c != '_') {
      plain.push_back(c);
    }
  }
  if (auto number = parse_go_int(plain)) {
    return Value(*number);
  }
  if (auto number = parse_go_uint(plain)) {
    return Value(*number);
  }
  if (is_yaml_style_float(plain)) {
    if (auto number = parse_finite_double(plain)) {
      return Value(*number);
    }
  }
  if (auto number = parse_go_big_uint(plain)) {
    return Value(*number);
  }
  return Value(std::string(text));
}

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

// YAML 1.1's printable set, less what a reader would take for a line break (NEL, LS, PS) or
// drop (BOM): the characters plain, single-quoted and block scalars can hold as they are.
bool is_printable(char32_t c) {
  return (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029) ||
         (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || (c >= 0x10000 && c <= 0x10FFFF);
}

enum class Breaks { refused, allowed };

// Every character printable; tabs and newlines only inside a block.
bool is_printable_text(std::string_view text, Breaks breaks) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = util::next_code_point(text, i);
    if (!is_printable(c) && !(breaks == Breaks::allowed && (c == '\n' || c == '\t'))) {
      return false;
    }
  }
  return true;
}

// A plain scalar cannot start with an indicator; '-', '?' and ':' only count before a space in
// block context, while in flow context '?' and ':' always do (libyaml's and yaml-cpp's scanners).
bool starts_with_indicator(std::string_view s, PlainContext context) {
  constexpr std::string_view kIndicators = ",[]{}#&*!|>'\"%@`";
  if (kIndicators.find(s[0]) != std::string_view::npos) {
    return true;
  }
  if (s.starts_with("---") || s.starts_with("...")) {
    return true;  // document markers, at column 0
  }
  if (context == PlainContext::flow && (s[0] == '?' || s[0] == ':')) {
    return true;
  }
  if (s[0] == '-' || s[0] == '?' || s[0] == ':') {
    return s.size() == 1 || s[1] == ' ';
  }
  return false;
}

void append_escape(std::string& out, char32_t c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
  }
  constexpr char kHex[] = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) {
    out += kHex[(c >> shift) & 0xF];
  }
}

}  // namespace

std::optional<Value> type_scalar(std::string_view tag, std::string_view text) {
  if (tag == "?") {
    return type_plain_scalar(text);
  }
  if (!tag.starts_with(kCoreTagPrefix)) {
    return Value(std::string(text));
  }
  std::string_view name = tag.substr(kCoreTagPrefix.size());
  Value typed = type_plain_scalar(text);
  if (name == "bool") {
    return typed.is_boolean() ? std::optional(typed) : std::nullopt;
  }
  if (name == "int") {
    return typed.is_number_integer() ? std::optional(typed) : std::nullopt;
  }
  if (name == "null") {
    return typed.is_null() ? std::optional(typed) : std::nullopt;
  }
  if (name == "float") {
    if (typed.is_number_integer()) {
      return Value(typed.get<double>());
    }
    return typed.is_number_float() ? std::optional(typed) : std::nullopt;
  }
  return Value(std::string(text));
}

bool plain_reads_as_other_type(std::string_view text) {
  if (!type_plain_scalar(text).is_string()) {
    return true;
  }
  return is_yaml_style_float(text) || looks_like_timestamp(text) || looks_like_base60(text) ||
         text == "<<" || text == "=";
}

bool plain_text_survives(std::string_view text, PlainContext context) {
  if (text.empty() || !is_printable_text(text, Breaks::refused)) {
    return false;
  }
  if (text.front() == ' ' || text.back() == ' ' || starts_with_indicator(text, context)) {
    return false;
  }
  if (text.find(": ") != std::string_view::npos || text.find(" #") != std::string_view::npos ||
      text.back() == ':') {
    return false;
  }
  // yaml-cpp also ends a plain scalar at any '?' in flow context (and then cannot read on: a fuzz
  // finding of the editor), which YAML itself does not.
  return context == PlainContext::block || text.find_first_of(",?[]{}") == std::string_view::npos;
}

bool fits_plain(std::string_view text, PlainContext context) {
  return plain_text_survives(text, context) && !plain_reads_as_other_type(text);
}

bool fits_single_quoted(std::string_view text) {
  return is_printable_text(text, Breaks::refused);
}

bool fits_literal(std::string_view text) {
  if (!is_printable_text(text, Breaks::allowed) || text.empty() || is_blank(text.back())) {
    return false;
  }
  std::size_t first = text.find_first_not_of('\n');
  if (first == std::string_view::npos || is_blank(text[first])) {
    return false;
  }
  for (std::size_t at = text.find('\n'); at != std::string_view::npos;
       at = text.find('\n', at + 1)) {
    if (at > 0 && is_blank(text[at - 1])) {
      return false;
    }
  }
  return true;
}

std::string double_quoted(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = util::next_code_point(text, i);
    if (c == util::kInvalidUtf8) {
      util::append_utf8(out, 0xFFFD);
    } else if (c == '"' || c == '\\' || !is_printable(c)) {
      append_escape(out, c);
    } else {
      util::append_utf8(out, c);
    }
  }
  out += '"';
  return out;
}

std::string single_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c == '\'' ? std::string_view("''") : std::string_view(&c, 1);
  }
  return out + "'";
}

StringStyle string_style(std::string_view text) {
  if (text.find('\n') != std::string_view::npos) {
    return fits_literal(text) ? StringStyle::literal : StringStyle::double_quoted;
  }
  return fits_plain(text, PlainContext::block) ? StringStyle::plain : StringStyle::double_quoted;
}

std::size_t skip_properties(std::string_view text, std::size_t at) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (at < text.size() && (text[at] == '!' || text[at] == '&')) {
    while (at < text.size() && text[at] != ' ' && text[at] != '\t' && text[at] != '\n') {
      ++at;
    }
    while (at < text.size() && is_space(text[at])) {
      ++at;
    }
  }
  return at;
}

std::optional<std::size_t> quoted_scalar_end(std::string_view text, std::size_t at) {
  const char quote = text[at];
  for (std::size_t i = at + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return std::nullopt;
}

}  // namespace gitops::manifest
