#pragma once

#include <string>

#include "error.hpp"
#include "util/printable.hpp"

namespace gitops::manifest {

// "cannot parse 'envs/prod/app.yaml' at line 12: duplicate key 'name'"; line 0 when unknown. The
// reason may quote the file (a key, a scalar, a byte of a binary file): it shows escaped.
inline Error parse_error(const std::string& file, int line, const std::string& reason) {
  std::string where = line > 0 ? " at line " + std::to_string(line) : std::string();
  return Error("cannot parse " + gitops::quoted(util::printable(file)) + where + ": " +
               util::printable(reason));
}

}  // namespace gitops::manifest
