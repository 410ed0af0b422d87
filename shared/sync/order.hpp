#pragma once

#include "kube/discovery.hpp"
#include "manifest/object.hpp"

namespace gitops::sync {

// The order in which a sync applies objects: Namespaces, then CustomResourceDefinitions (waited
// on until Established), then other cluster-scoped objects, then namespaced ones. Pruning runs in
// reverse.
enum class Phase { namespaces = 0, crds = 1, cluster_scoped = 2, namespaced = 3 };
inline constexpr int kPhases = 4;

Phase phase_of(const manifest::ObjectId& id, const kube::Discovery& discovery);

const char* to_string(Phase phase);

}  // namespace gitops::sync
