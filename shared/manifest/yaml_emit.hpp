#pragma once

#include <string>

#include "manifest/value.hpp"

namespace gitops::manifest {

// Block YAML the way kubectl prints it: 2-space indent, list items at their key's indent, keys in
// the Value's (sorted) order, ending with a newline. A string is double-quoted (JSON-style escapes)
// only where a YAML 1.1 reader (sigs.k8s.io/yaml) would otherwise read another type or another
// text: "", "on", "0123", "1e3", "2024-01-01", ": " ... Multi-line strings become literal blocks so
// that diffs of them stay line by line. Deterministic: golden files rely on it.
std::string to_yaml(const Value& value);

}  // namespace gitops::manifest
