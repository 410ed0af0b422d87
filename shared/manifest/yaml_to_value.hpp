#pragma once

#include <cstddef>
#include <string>

#include <yaml-cpp/node/node.h>

#include "manifest/value.hpp"

namespace gitops::manifest {

// yaml-cpp loads aliases as shared nodes, so a few lines ("billion laughs") can stand for billions
// of nodes, and `&a [*a]` for an endless tree. Converting stops at these limits.
inline constexpr std::size_t kMaxDocumentNodes = 1'000'000;
inline constexpr int kMaxDocumentDepth = 1000;

// Converts one loaded document into a Value the way sigs.k8s.io/yaml would: scalars typed by
// type_scalar, keys turned into strings (80 -> "80", on -> "true"), merge keys ('<<') applied.
// Throws Error("cannot parse 'FILE' at line N: ...") on a duplicate key, a key that is not a
// scalar, a scalar that does not fit its explicit tag, or a document past the limits above.
Value yaml_to_value(const YAML::Node& document, const std::string& file);

// The 1-based line of a node, 0 when yaml-cpp has no mark for it.
int line_of(const YAML::Node& node);

}  // namespace gitops::manifest
