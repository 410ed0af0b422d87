#include "diff/quantity.hpp"

#include <array>
#include <cmath>

namespace gitops::diff {

namespace {

struct Suffix {
  const char* text;
  int binary_exponent;   // Ki = 2^10
  int decimal_exponent;  // m = 10^-3
};

// Binary suffixes first so that "Ki" is not read as "K" plus garbage; "E" alone is exa.
const std::array<Suffix, 15> suffixes{{
    {"Ki", 10, 0},
    {"Mi", 20, 0},
    {"Gi", 30, 0},
    {"Ti", 40, 0},
    {"Pi", 50, 0},
    {"Ei", 60, 0},
    {"n", 0, -9},
    {"u", 0, -6},
    {"m", 0, -3},
    {"k", 0, 3},
    {"M", 0, 6},
    {"G", 0, 9},
    {"T", 0, 12},
    {"P", 0, 15},
    {"E", 0, 18},
}};

// A decimal number split into an integer mantissa and a power of ten, so that the final value is
// one correctly rounded operation: "0.5" and "500m" both become exactly 5 / 10.
struct Decimal {
  long double mantissa = 0;
  int exponent = 0;
  bool negative = false;
};

bool parse_decimal(const std::string& text, Decimal& decimal) {
  std::size_t at = 0;
  if (at < text.size() && (text[at] == '+' || text[at] == '-'))
    decimal.negative = text[at++] == '-';
  bool digits = false, dot = false;
  for (; at < text.size(); ++at) {
    char c = text[at];
    if (c >= '0' && c <= '9') {
      decimal.mantissa = decimal.mantissa * 10 + (c - '0');
      if (dot)
        --decimal.exponent;
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

bool parse_exponent(const std::string& text, int& exponent) {
  if (text.empty())
    return false;
  std::size_t at = (text[0] == '+' || text[0] == '-') ? 1 : 0;
  if (at == text.size() || text.size() > 6)
    return false;
  for (std::size_t i = at; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9')
      return false;
  }
  exponent = std::stoi(text);
  return true;
}

}  // namespace

std::optional<long double> parse_quantity(const std::string& text) {
  std::string number = text;
  int binary = 0, decimal_shift = 0;
  if (auto e = text.find_first_of("eE"); e != std::string::npos && e + 1 < text.size()) {
    if (!parse_exponent(text.substr(e + 1), decimal_shift))
      return std::nullopt;
    number = text.substr(0, e);
  } else {
    for (const auto& suffix : suffixes) {
      std::string s = suffix.text;
      if (text.size() > s.size() && text.compare(text.size() - s.size(), s.size(), s) == 0) {
        number = text.substr(0, text.size() - s.size());
        binary = suffix.binary_exponent;
        decimal_shift = suffix.decimal_exponent;
        break;
      }
    }
  }
  Decimal decimal;
  if (!parse_decimal(number, decimal))
    return std::nullopt;
  int exponent = decimal.exponent + decimal_shift;
  long double value = std::ldexp(decimal.mantissa, binary);
  long double scale = std::pow(10.0L, std::abs(exponent));
  value = exponent >= 0 ? value * scale : value / scale;
  return decimal.negative ? -value : value;
}

}  // namespace gitops::diff
