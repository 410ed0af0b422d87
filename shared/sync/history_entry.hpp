#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gitops::sync {

// How a sync in an app's history ended: `unhealthy` applied everything, but its objects were not
// healthy within gitsync --wait's timeout.
enum class SyncResult { succeeded, failed, unhealthy };

// What put an entry in an app's history: gitsync, gitrevert --sync, gitrevert --cluster-only, and
// gitsync --rollback-on-failure going back to the last healthy revision.
enum class SyncKind { sync, revert, cluster_only_rollback, rollback };

// The words the app record stores and the history shows: "succeeded", "failed", "unhealthy";
// "sync", "revert", "cluster-only rollback", "rollback". Records already in clusters hold them, so
// they never change.
std::string to_string(SyncResult result);
std::string to_string(SyncKind kind);

// The value a stored word names; nullopt for any other word (a damaged or newer record).
std::optional<SyncResult> parse_sync_result(std::string_view word);
std::optional<SyncKind> parse_sync_kind(std::string_view word);

}  // namespace gitops::sync
