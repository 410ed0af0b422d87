#pragma once

#include <set>
#include <string>
#include <vector>

#include "kube/api_client.hpp"
#include "manifest/object.hpp"

namespace gitops::sync {

// What the app's last sync recorded, for gitdiff: objects git no longer declares are deletions.
struct RecordedInventory {
  std::set<manifest::ObjectId> ids;
  std::vector<std::string> notes;  // for the user: deletions not shown, the app is pinned
};

// Without a record (never synced) there are no deletions. A record these rights may not read
// leaves them out with a note; an unreachable cluster is an error.
RecordedInventory recorded_inventory(kube::ApiClient& api, const std::string& record_namespace,
                                     const std::string& app);

}  // namespace gitops::sync
