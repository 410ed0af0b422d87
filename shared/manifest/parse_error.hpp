#pragma once

#include <string>

#include "error.hpp"

namespace gitops::manifest {

// "cannot parse 'envs/prod/app.yaml' at line 12: duplicate key 'name'"; line 0 when unknown.
inline Error parse_error(const std::string& file, int line, const std::string& reason) {
  std::string where = line > 0 ? " at line " + std::to_string(line) : std::string();
  return Error("cannot parse " + gitops::quoted(file) + where + ": " + reason);
}

}  // namespace gitops::manifest
