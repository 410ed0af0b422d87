#include "manifest/yaml_number.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace gitops::manifest {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_sign(char c) {
  return c == '+' || c == '-';
}
bool is_blank(char c) {
  return c == ' ' || c == '\t';
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

std::size_t count_digits(std::string_view s, std::size_t from) {
  std::size_t i = from;
  while (i < s.size() && is_digit(s[i])) {
    ++i;
  }
  return i - from;
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

}  // namespace

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

}  // namespace gitops::manifest
