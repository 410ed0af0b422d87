#pragma once

// What every fuzz target shares: the input as text, cut in two where a test needs two inputs, and
// the one rule of the suite: bad input is answered with gitops::Error (exit 2, one line); any
// other exception, a crash, a sanitizer report or a hang is a finding.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>

#include "error.hpp"

namespace gitops::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The input cut at its first NUL byte: (before, after). Without one, after is empty.
inline std::pair<std::string_view, std::string_view> split_at_nul(std::string_view text) {
  const auto nul = text.find('\0');
  if (nul == std::string_view::npos)
    return {text, {}};
  return {text.substr(0, nul), text.substr(nul + 1)};
}

// Runs `body`; a gitops::Error is the expected answer to bad input and ends the run quietly.
template <typename Body>
void answer_bad_input_with_errors(Body&& body) {
  try {
    body();
  } catch (const Error&) {
  }
}

// A property the target checks failed: reported as a crash, with what was expected.
[[noreturn]] inline void finding(const std::string& what) {
  std::cerr << "fuzz finding: " << what << "\n";
  std::abort();
}

}  // namespace gitops::fuzz
