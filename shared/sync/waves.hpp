#pragma once

// Sync waves: `gitops.kubectl.dev/sync-wave: "N"` (or Argo CD's `argocd.argoproj.io/sync-wave`)
// orders a sync's objects, lowest wave first (default 0; negative waves come before it). Within a
// wave the kind order holds (Namespaces, CRDs, cluster-scoped, namespaced); with --wait each wave
// is healthy before the next is applied.

#include <vector>

#include "manifest/object.hpp"

namespace gitops::sync {

inline constexpr const char* kSyncWaveAnnotation = "gitops.kubectl.dev/sync-wave";
inline constexpr const char* kArgoSyncWaveAnnotation = "argocd.argoproj.io/sync-wave";

// The object's wave; Error naming the file, line and object when the annotation is no whole
// number.
int sync_wave(const manifest::Object& object);

// The objects by wave, lowest first, each wave in the order given.
std::vector<std::vector<const manifest::Object*>> group_by_wave(
    const std::vector<const manifest::Object*>& objects);

}  // namespace gitops::sync
