#pragma once

#include <nlohmann/json.hpp>

namespace gitops::manifest {

// The one in-memory tree for both sides: desired objects parsed from YAML and live objects parsed
// from kubectl's JSON. Scalars are typed the way the API server types them (sigs.k8s.io/yaml
// rules). Keys are sorted, as kubectl prints them.
using Value = nlohmann::json;

}  // namespace gitops::manifest
