#pragma once

#include <string>
#include <vector>

#include "sync/app_status.hpp"
#include "sync/sync_app.hpp"

namespace gitops::sync {

// What gitsync prints for a sync or a dry run: the plan (one line per object to create, update or
// prune; Namespaces and CRDs to prune flagged, since deleting them deletes what they hold), what
// would be pruned without --prune, failures, and a last line with the outcome.
std::string present_sync_text(const SyncOutcome& outcome, bool dry_run);

// The same as JSON (README, "gitsync JSON").
std::string present_sync_json(const SyncOutcome& outcome, bool dry_run);

// One line per object the sync could not apply or prune, for stderr, where a CI log keeps them
// whatever stdout's format: "cannot apply apps/Deployment shop/web: <the server's reason>".
std::vector<std::string> present_sync_failures(const SyncOutcome& outcome);

// gitsync --status: the app's synced revision, when and by whom, its objects, its pin, its health
// with the worst objects, and how many objects have drifted.
std::string present_status_text(const AppStatus& status);
std::string present_status_json(const AppStatus& status);

// A pin as every output shows it: "at 1a2b3c4 (subject) by admin since 2026-...; gitsync refuses
// until 'kubectl gitrevert --unpin --app shop'", and as JSON (null when not pinned).
std::string describe_pin(const AppRecord& record);
nlohmann::ordered_json pin_json(const AppRecord& record);

// "apps/v1 Deployment team-a/web".
std::string describe(const std::string& api_version, const manifest::ObjectId& id);

}  // namespace gitops::sync
