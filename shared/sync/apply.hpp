#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kube/discovery.hpp"
#include "kube/kubectl.hpp"
#include "manifest/object.hpp"

namespace gitops::sync {

inline constexpr const char* kFieldManager = "gitsync";

struct ApplyOptions {
  bool force_conflicts = false;
  int concurrency = 4;
  // Called after each batch with the objects applied so far and the total.
  std::function<void(std::size_t done, std::size_t total)> progress;
  // Called between phases, e.g. to renew the lock.
  std::function<void()> between_phases;
};

struct FailedObject {
  manifest::ObjectId id;
  std::string reason;
};

struct ApplyOutcome {
  std::vector<manifest::ObjectId> applied;
  std::vector<FailedObject> failed;
};

// Server-side applies the objects with field manager gitsync, phase by phase (see order.hpp),
// each phase in a few batches run in parallel. A batch that fails is applied again object by object
// to tell which objects failed and why; the rest still go through. New CRDs are waited on until
// Established before the custom resources that need them.
ApplyOutcome apply_objects(const kube::Kubectl& kubectl,
                           const std::vector<const manifest::Object*>& objects,
                           const kube::Discovery& discovery, const ApplyOptions& options);

}  // namespace gitops::sync
