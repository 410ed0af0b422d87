#include "util/duration.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

namespace gitops::util {

namespace {

// Seconds in one unit of a Go duration ("ms", "s", "m", "h"...); 0 for an unknown unit.
double unit_seconds(std::string_view unit) {
  if (unit == "ns")
    return 1e-9;
  if (unit == "us" || unit == "\u00b5s" || unit == "\u03bcs")
    return 1e-6;
  if (unit == "ms")
    return 1e-3;
  if (unit == "s")
    return 1;
  if (unit == "m")
    return 60;
  if (unit == "h")
    return 3600;
  return 0;
}

// std::stod would throw on a number too large for a double (a flag value of 400 digits): strtod
// saturates to infinity, which duration_seconds refuses.
double number_of(std::string_view digits) {
  return std::strtod(std::string(digits).c_str(), nullptr);
}

}  // namespace

std::optional<double> duration_seconds(std::string_view text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos)
    return std::isfinite(number_of(text)) ? std::optional<double>(number_of(text)) : std::nullopt;
  if (text.starts_with('+'))
    text.remove_prefix(1);
  if (text.empty())
    return std::nullopt;
  double total = 0;
  while (!text.empty()) {
    const auto number_end = text.find_first_not_of("0123456789.");
    if (number_end == 0 || number_end == std::string_view::npos)
      return std::nullopt;
    const auto number = text.substr(0, number_end);
    if (number == "." || number.find('.') != number.rfind('.'))
      return std::nullopt;
    text.remove_prefix(number_end);
    const auto unit_end = text.find_first_of("0123456789.");
    const double unit = unit_seconds(text.substr(0, unit_end));
    if (unit == 0)
      return std::nullopt;
    total += number_of(number) * unit;
    text = unit_end == std::string_view::npos ? std::string_view() : text.substr(unit_end);
  }
  if (!std::isfinite(total))
    return std::nullopt;
  return total;
}

}  // namespace gitops::util
