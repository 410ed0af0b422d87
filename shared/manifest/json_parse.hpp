#pragma once

#include <string>
#include <string_view>

#include "manifest/value.hpp"

namespace gitops::manifest {

// Parses one JSON document (kubectl's output) into a Value; throws Error naming `what` on
// malformed input.
Value parse_json(std::string_view text, const std::string& what);

}  // namespace gitops::manifest
