#pragma once

#include <functional>
#include <string>

#include "error.hpp"

namespace gitops::testing {

// The message of the gitops::Error that `action` throws, or "(no error)" when it throws none.
inline std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace gitops::testing
