#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kube/kubectl.hpp"
#include "pipeline/plan.hpp"
#include "sync/app_record.hpp"
#include "sync/apply.hpp"
#include "sync/prune.hpp"
#include "sync/wait.hpp"

namespace gitops::sync {

struct SyncRequest {
  pipeline::PlanRequest source;  // a commit (never the working tree), paths, ignore rules
  std::string app;
  std::string record_namespace = kDefaultRecordNamespace;
  bool prune = false;
  bool dry_run = false;
  bool force_conflicts = false;
  bool change_paths = false;       // the paths may differ from the app record's (--change-paths)
  SyncKind kind = SyncKind::sync;  // what the history calls it
  bool sync_pinned = false;        // gitrevert --cluster-only syncs a pinned app on purpose
  bool pin = false;                // after success, pin the app at this commit
  std::function<void(std::size_t done, std::size_t total)> progress;
  // --wait: after applying, wait until every object the revision declares is healthy.
  std::optional<WaitOptions> wait;
  // Why this sync runs, kept as its history entry's message when it succeeds (a rollback's cause).
  std::string reason;
};

struct SyncOutcome {
  pipeline::Plan plan;
  PrunePlan prune;
  ApplyOutcome applied;
  std::vector<FailedObject> prune_failures;
  SyncRecord record;
  AppRecord app;                      // as saved (or as it would be, for a dry run)
  std::optional<WaitOutcome> health;  // with --wait

  bool applied_all() const { return applied.failed.empty() && prune_failures.empty(); }
  bool healthy() const { return !health || health->healthy; }
  bool succeeded() const { return applied_all() && healthy(); }
};

// One sync of an app to a commit: refuse paths other than the recorded ones (sync_paths.hpp), plan
// with gitdiff's engine and validate everything (every named PATH renders; an empty render never
// prunes) before
// writing anything; take the app's lock; record the union of the old and new objects; apply what
// differs in order; prune with --prune; record the new object set and a history entry, whether
// the sync succeeded or not. A pinned app (gitrevert --cluster-only) is refused.
// `api` reads and writes (a read-write ApiProxy); `kubectl` renders and discovers.
SyncOutcome sync_app(const kube::Kubectl& kubectl, kube::ApiClient& api,
                     const SyncRequest& request);

// The Error a pinned app's sync gives: why, and how to proceed.
[[noreturn]] void refuse_pinned(const AppRecord& record);

}  // namespace gitops::sync
