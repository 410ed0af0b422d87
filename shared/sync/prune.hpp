#pragma once

#include <string>
#include <vector>

#include "diff/change_set.hpp"
#include "kube/api_client.hpp"
#include "kube/discovery.hpp"
#include "sync/app_record.hpp"
#include "sync/apply.hpp"

namespace gitops::sync {

// What to do with the objects the last sync recorded and git no longer declares.
struct PrunePlan {
  std::vector<MemberObject> to_delete;    // with --prune
  std::vector<MemberObject> would_prune;  // without --prune: kept and still recorded
  std::vector<MemberObject> opted_out;    // annotated gitops.kubectl.dev/prune: disabled
};

PrunePlan plan_prune(const diff::ChangeSet& changes, bool prune);

// Whether deleting the object deletes more than itself (a Namespace, a CRD).
bool deletes_contents(const manifest::ObjectId& id);

// Deletes the objects in reverse apply order (namespaced, cluster-scoped, CRDs, Namespaces), one
// DELETE per object, many in flight, without waiting for finalizers; objects already gone are no
// failure.
std::vector<FailedObject> delete_objects(kube::ApiClient& api,
                                         const std::vector<MemberObject>& objects,
                                         const kube::Discovery& discovery);

}  // namespace gitops::sync
