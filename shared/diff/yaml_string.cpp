#include "diff/yaml_string.hpp"

#include <cstddef>

#include "manifest/yaml_scalar.hpp"

namespace gitops::diff {

namespace {

constexpr char32_t kInvalidUtf8 = 0xFFFFFFFF;

// Decodes the code point at text[i] and moves i past it; a malformed sequence yields kInvalidUtf8
// and moves one byte on.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  int extra = 0;
  char32_t code = 0, smallest = 0;
  if ((lead & 0xE0) == 0xC0) {
    extra = 1, code = lead & 0x1F, smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2, code = lead & 0x0F, smallest = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3, code = lead & 0x07, smallest = 0x10000;
  } else {
    ++i;
    return kInvalidUtf8;
  }
  for (int k = 1; k <= extra; ++k) {
    if (i + k >= text.size() || (byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return kInvalidUtf8;
    }
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    ++i;
    return kInvalidUtf8;
  }
  i += extra + 1;
  return code;
}

// YAML 1.1's printable set, less what a reader would take for a line break (NEL, LS, PS) or
// drop (BOM): the characters plain and block scalars can hold as they are.
bool is_printable(char32_t c) {
  return (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF && c != 0x2028 && c != 0x2029) ||
         (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || (c >= 0x10000 && c <= 0x10FFFF);
}

enum class Breaks { refused, allowed };

// Every character printable; tabs and newlines only inside a block.
bool is_printable_text(std::string_view text, Breaks breaks) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = next_code_point(text, i);
    if (!is_printable(c) && !(breaks == Breaks::allowed && (c == '\n' || c == '\t'))) {
      return false;
    }
  }
  return true;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_sign(char c) {
  return c == '+' || c == '-';
}
bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

std::size_t count_digits(std::string_view s, std::size_t from) {
  std::size_t i = from;
  while (i < s.size() && is_digit(s[i])) {
    ++i;
  }
  return i - from;
}

// A number to YAML 1.2 and JSON readers, which go-yaml v2 reads as a string ("1e3", "1."):
// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool looks_like_number(std::string_view s) {
  std::size_t i = !s.empty() && is_sign(s[0]) ? 1 : 0;
  std::size_t whole = count_digits(s, i);
  i += whole;
  std::size_t fraction = 0;
  if (i < s.size() && s[i] == '.') {
    fraction = count_digits(s, i + 1);
    i += 1 + fraction;
  }
  if (whole == 0 && fraction == 0) {
    return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && is_sign(s[i])) {
      ++i;
    }
    std::size_t exponent = count_digits(s, i);
    if (exponent == 0) {
      return false;
    }
    i += exponent;
  }
  return i == s.size();
}

// A YAML 1.1 timestamp ("2024-01-31", "2024-01-31T10:00:00Z"): kubectl quotes these so that no
// reader turns them into a time.
bool looks_like_timestamp(std::string_view s) {
  if (s.size() < 8 || count_digits(s, 0) != 4 || s[4] != '-') {
    return false;
  }
  std::size_t month = count_digits(s, 5);
  if (month < 1 || month > 2 || 5 + month >= s.size() || s[5 + month] != '-') {
    return false;
  }
  std::size_t day_at = 6 + month;
  std::size_t day = count_digits(s, day_at);
  if (day < 1 || day > 2) {
    return false;
  }
  std::size_t end = day_at + day;
  return end == s.size() || s[end] == 'T' || s[end] == 't' || is_blank(s[end]);
}

// A YAML 1.1 base-60 number ("1:20" is 80 to PyYAML): go-yaml's isBase60Float,
// ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
bool looks_like_base60(std::string_view s) {
  std::size_t i = !s.empty() && is_sign(s[0]) ? 1 : 0;
  if (i >= s.size() || !is_digit(s[i])) {
    return false;
  }
  while (i < s.size() && (is_digit(s[i]) || s[i] == '_')) {
    ++i;
  }
  int groups = 0;
  while (i < s.size() && s[i] == ':') {
    ++i;
    if (i + 1 < s.size() && s[i] >= '0' && s[i] <= '5' && is_digit(s[i + 1])) {
      i += 2;
    } else if (i < s.size() && is_digit(s[i])) {
      i += 1;
    } else {
      return false;
    }
    ++groups;
  }
  if (groups == 0) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && (is_digit(s[i]) || s[i] == '_')) {
      ++i;
    }
  }
  return i == s.size();
}

// Unquoted, would a reader take it for a bool, null, number or time, or for a merge key?
bool reads_as_other_type(std::string_view s) {
  auto typed = manifest::type_scalar("?", s);
  if (!typed || !typed->is_string()) {
    return true;
  }
  return looks_like_number(s) || looks_like_timestamp(s) || looks_like_base60(s) || s == "<<" ||
         s == "=";
}

// A plain scalar cannot start with an indicator; '-', '?' and ':' only count before a space.
bool starts_with_indicator(std::string_view s) {
  constexpr std::string_view kIndicators = ",[]{}#&*!|>'\"%@`";
  if (kIndicators.find(s[0]) != std::string_view::npos) {
    return true;
  }
  if (s.starts_with("---") || s.starts_with("...")) {
    return true;  // document markers, at column 0
  }
  if (s[0] == '-' || s[0] == '?' || s[0] == ':') {
    return s.size() == 1 || s[1] == ' ';
  }
  return false;
}

bool fits_plain(std::string_view s) {
  if (s.empty() || !is_printable_text(s, Breaks::refused)) {
    return false;
  }
  if (s.front() == ' ' || s.back() == ' ' || starts_with_indicator(s)) {
    return false;
  }
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos ||
      s.back() == ':') {
    return false;
  }
  return !reads_as_other_type(s);
}

// A literal block keeps every character but cannot hold trailing blanks (invisible, and libyaml
// refuses them as kubectl does) nor, without an indentation indicator, a first line that starts
// with a blank; text of line breaks alone has no line to hold.
bool fits_literal(std::string_view s) {
  if (!is_printable_text(s, Breaks::allowed) || is_blank(s.back())) {
    return false;
  }
  std::size_t first = s.find_first_not_of('\n');
  if (first == std::string_view::npos || is_blank(s[first])) {
    return false;
  }
  for (std::size_t at = s.find('\n'); at != std::string_view::npos; at = s.find('\n', at + 1)) {
    if (at > 0 && is_blank(s[at - 1])) {
      return false;
    }
  }
  return true;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
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

StringStyle string_style(std::string_view text) {
  if (text.find('\n') != std::string_view::npos) {
    return fits_literal(text) ? StringStyle::literal : StringStyle::double_quoted;
  }
  return fits_plain(text) ? StringStyle::plain : StringStyle::double_quoted;
}

std::string double_quoted(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = next_code_point(text, i);
    if (c == kInvalidUtf8) {
      append_utf8(out, 0xFFFD);
    } else if (c == '"' || c == '\\' || !is_printable(c)) {
      append_escape(out, c);
    } else {
      append_utf8(out, c);
    }
  }
  out += '"';
  return out;
}

}  // namespace gitops::diff
