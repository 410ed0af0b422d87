#include "manifest/yaml_scalar.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

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

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_sign(char c) {
  return c == '+' || c == '-';
}

int digit_value(char c) {
  if (is_digit(c)) {
    return c - '0';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'Z') {
    return c - 'A' + 10;
  }
  return -1;
}

struct GoDigits {
  std::uint64_t base;
  std::string_view digits;
};

// Go's base-0 integer syntax, without a sign: a 0x, 0o or 0b prefix, or a leading 0 for octal.
std::optional<GoDigits> go_integer_digits(std::string_view s) {
  if (s.empty()) {
    return std::nullopt;
  }
  GoDigits split{10, s};
  if (s[0] == '0') {
    char prefix = s.size() >= 3 ? static_cast<char>(s[1] | 0x20) : '\0';
    bool named = prefix == 'b' || prefix == 'o' || prefix == 'x';
    split.base = prefix == 'b' ? 2 : prefix == 'x' ? 16 : 8;
    split.digits.remove_prefix(named ? 2 : 1);
  }
  for (char c : split.digits) {
    int digit = digit_value(c);
    if (digit < 0 || static_cast<std::uint64_t>(digit) >= split.base) {
      return std::nullopt;
    }
  }
  return split;
}

// Go's strconv.ParseUint(s, 0, 64).
std::optional<std::uint64_t> parse_go_uint(std::string_view s) {
  auto split = go_integer_digits(s);
  if (!split) {
    return std::nullopt;
  }
  std::uint64_t n = 0;
  for (char c : split->digits) {
    auto digit = static_cast<std::uint64_t>(digit_value(c));
    if (n > (std::numeric_limits<std::uint64_t>::max() - digit) / split->base) {
      return std::nullopt;
    }
    n = n * split->base + digit;
  }
  return n;
}

// Go's strconv.ParseInt(s, 0, 64): an optional sign, then as parse_go_uint, within int64.
std::optional<std::int64_t> parse_go_int(std::string_view s) {
  bool negative = !s.empty() && s[0] == '-';
  if (!s.empty() && is_sign(s[0])) {
    s.remove_prefix(1);
  }
  auto magnitude = parse_go_uint(s);
  constexpr std::uint64_t kMinMagnitude = std::uint64_t{1} << 63;
  if (!magnitude || *magnitude > kMinMagnitude || (!negative && *magnitude == kMinMagnitude)) {
    return std::nullopt;
  }
  return negative ? static_cast<std::int64_t>(0 - *magnitude)
                  : static_cast<std::int64_t>(*magnitude);
}

// The fork sigs.k8s.io/yaml vendors reads an unsigned integer beyond 64 bits that is no decimal
// float (0x1FFFFFFFFFFFFFFFFF) as a big.Int; a double is as near as a Value comes.
std::optional<double> parse_go_big_uint(std::string_view s) {
  auto split = go_integer_digits(s);
  if (!split) {
    return std::nullopt;
  }
  double n = 0;
  for (char c : split->digits) {
    n = n * static_cast<double>(split->base) + digit_value(c);
  }
  return std::isinf(n) ? std::nullopt : std::optional(n);
}

std::size_t count_digits(std::string_view s, std::size_t from) {
  std::size_t i = from;
  while (i < s.size() && is_digit(s[i])) {
    ++i;
  }
  return i - from;
}

// go-yaml v2's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool is_yaml_style_float(std::string_view s) {
  std::size_t i = !s.empty() && is_sign(s[0]) ? 1 : 0;
  std::size_t whole = count_digits(s, i);
  i += whole;
  if (i < s.size() && s[i] == '.') {
    std::size_t fraction = count_digits(s, i + 1);
    if (whole == 0 && fraction == 0) {
      return false;
    }
    i += 1 + fraction;
  } else if (whole == 0) {
    return false;
  }
  if (i == s.size()) {
    return true;
  }
  if (s[i] != 'e' && s[i] != 'E') {
    return false;
  }
  i += i + 1 < s.size() && is_sign(s[i + 1]) ? 2 : 1;
  std::size_t exponent = count_digits(s, i);
  return exponent > 0 && i + exponent == s.size();
}

// A decimal float Go's ParseFloat would accept: overflow fails (the text stays a string), underflow
// rounds to zero.
std::optional<double> parse_finite_double(std::string_view s) {
  std::string_view digits = !s.empty() && s[0] == '+' ? s.substr(1) : s;
  double value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error == std::errc::result_out_of_range) {
    value = std::strtod(std::string(digits).c_str(), nullptr);
  } else if (error != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  if (std::isinf(value)) {
    return std::nullopt;
  }
  return value;
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
  if (!is_digit(text[0]) && !is_sign(text[0])) {
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

}  // namespace gitops::manifest
