#pragma once

#include <simdjson.h>

#include <cctype>
#include <string>

namespace gitops::manifest {

// simdjson's messages as git words them: "A string is opened, but never closed." ->
// "a string is opened, but never closed".
inline std::string simdjson_reason(simdjson::error_code error) {
  std::string reason = simdjson::error_message(error);
  if (reason.size() > 1 && std::isupper(static_cast<unsigned char>(reason[0])) &&
      std::islower(static_cast<unsigned char>(reason[1]))) {
    reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
  }
  if (!reason.empty() && reason.back() == '.') {
    reason.pop_back();
  }
  return reason;
}

}  // namespace gitops::manifest
