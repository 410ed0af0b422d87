#pragma once

#include <string>

#include "sync/sync_app.hpp"

namespace gitops::sync {

// The revision --rollback-on-failure goes back to: the newest sync that succeeded (healthy, with
// --wait) of a commit other than `failed_commit`; nullptr when there is none.
const SyncRecord* last_healthy(const AppRecord& record, const std::string& failed_commit);

// gitsync --rollback-on-failure: after `failed` (a sync of `request` that failed to apply or did
// not become healthy), syncs the app back to `target` (its last_healthy() revision) at once, with
// the same paths, prune setting and wait, recorded in the history as a rollback whose message is
// the failure.
SyncOutcome roll_back_after_failure(const kube::Kubectl& kubectl, kube::ApiClient& api,
                                    const SyncRequest& request, const SyncOutcome& failed,
                                    const SyncRecord& target);

}  // namespace gitops::sync
