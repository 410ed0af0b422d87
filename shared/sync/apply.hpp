#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kube/api_client.hpp"
#include "kube/discovery.hpp"
#include "manifest/object.hpp"

namespace gitops::sync {

inline constexpr const char* kFieldManager = "gitsync";

struct ApplyOptions {
  bool force_conflicts = false;
  int concurrency = 48;  // requests in flight at once
  // Called as objects are answered, with the number answered so far and the total.
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

// Server-side applies the objects with field manager gitsync, phase by phase (see order.hpp): one
// PATCH per object, many in flight, each object's result and the server's reason read from its
// own answer, so a refused object costs no more than an accepted one and never holds the others
// back. New CRDs are waited on until Established before the custom resources that need them.
ApplyOutcome apply_objects(kube::ApiClient& api,
                           const std::vector<const manifest::Object*>& objects,
                           const kube::Discovery& discovery, const ApplyOptions& options);

}  // namespace gitops::sync
