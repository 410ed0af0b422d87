#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "manifest/object.hpp"
#include "sync/history_entry.hpp"

namespace gitops::sync {

using manifest::ObjectId;
using manifest::Value;

// The namespace that holds every app's record and lock, created by the first sync.
inline constexpr const char* kDefaultRecordNamespace = "gitops-system";
// Objects annotated with this (value "disabled") are never pruned.
inline constexpr const char* kPruneAnnotation = "gitops.kubectl.dev/prune";
inline constexpr std::size_t kHistoryLimit = 50;

// An object the app owns, with the version it was applied in (what a later delete needs).
struct MemberObject {
  ObjectId id;
  std::string api_version;

  bool operator==(const MemberObject&) const = default;
};

// One sync, successful or not: what gitrevert lists and restores.
struct SyncRecord {
  std::string commit;  // full SHA
  std::string subject;
  std::string author;
  std::int64_t commit_time = 0;
  std::string synced_at;  // RFC 3339, UTC
  std::string synced_by;
  SyncResult result = SyncResult::failed;  // set when the sync ends
  std::string message;                     // why it failed; "" on success
  SyncKind kind = SyncKind::sync;
  int created = 0, updated = 0, unchanged = 0, pruned = 0, failed = 0;
};

// Set by gitrevert --cluster-only: the cluster runs this revision, not git's head, until unpinned.
struct Pin {
  std::string commit;
  std::string subject;
  std::string pinned_at;
  std::string pinned_by;
};

// Set by gitsync --suspend: the agent leaves the app alone until --resume.
struct Suspension {
  std::string suspended_at;
  std::string suspended_by;
};

// Everything the cluster keeps about one app: its source, the objects it owns, its history and
// pin. Stored as one ConfigMap (see to_config_map), so every change to it is one atomic write.
struct AppRecord {
  std::string name;
  std::string record_namespace = kDefaultRecordNamespace;
  std::string repository;  // the repository's origin URL, else its path
  std::vector<std::string> paths;
  bool prune = false;  // whether the last sync pruned (gitrevert --sync repeats it)
  std::vector<MemberObject> objects;
  std::vector<SyncRecord> history;  // newest first, at most kHistoryLimit
  std::optional<Pin> pin;
  std::optional<Suspension> suspension;

  // The revision the cluster runs: the newest successful sync's commit.
  const SyncRecord* current() const;
  void add_history(SyncRecord record);
};

// The ConfigMap's name for an app: "gitsync-<app>".
std::string record_object_name(const std::string& app);

Value to_config_map(const AppRecord& record);
// Throws Error naming the ConfigMap when its data is not a record (a history entry with a result
// or kind it does not know, too).
AppRecord from_config_map(const Value& config_map);

}  // namespace gitops::sync
