#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "kube/kubectl.hpp"
#include "pipeline/plan.hpp"
#include "sync/app_record.hpp"
#include "sync/apply.hpp"
#include "sync/hooks.hpp"
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
  // --policy: before the lock, send what would be written through the cluster's admission as a
  // dry run (pipeline/admission_check.hpp); any denial stops the sync with nothing written.
  bool policy = false;
  bool change_paths = false;       // the paths may differ from the app record's (--change-paths)
  SyncKind kind = SyncKind::sync;  // what the history calls it
  bool sync_pinned = false;        // gitrevert --cluster-only syncs a pinned app on purpose
  bool pin = false;                // after success, pin the app at this commit
  std::function<void(std::size_t done, std::size_t total)> progress;
  // --wait: after applying, wait until every object the revision declares is healthy.
  std::optional<WaitOptions> wait;
  // How long a wave of hooks may run (--timeout); post-sync hooks also wait this long for health
  // when there is no --wait.
  std::chrono::milliseconds hook_timeout{std::chrono::minutes(5)};
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
  std::optional<WaitOutcome> health;  // with --wait, or before post-sync hooks
  std::vector<HookRun> hooks;         // as they ran, in order

  bool applied_all() const { return applied.failed.empty() && prune_failures.empty(); }
  bool healthy() const { return !health || health->healthy; }
  // --policy found objects the cluster's admission denies: nothing was written, not even a record.
  bool denied() const { return plan.report.policy && !plan.report.policy->passed(); }
  // The first pre-sync, sync or post-sync hook that failed (sync-fail hooks fail nothing more).
  const HookRun* failed_hook() const;
  // No object was written: the policy check denied some, or a pre-sync hook failed.
  bool stopped_before_applying() const;
  bool succeeded() const { return !denied() && applied_all() && healthy() && !failed_hook(); }
};

// One sync of an app to a commit: refuse paths other than the recorded ones (sync_paths.hpp), plan
// with gitdiff's engine and validate everything (every named PATH renders; an empty render never
// prunes; with `policy`, the cluster's admission accepts it) before writing anything; take the
// app's lock; record the union of the old and new
// objects; run the pre-sync hooks; apply what differs, wave by wave in kind order; prune with
// --prune; run the sync hooks; wait for health (--wait, or before post-sync hooks); run the
// post-sync hooks; on any failure run the sync-fail hooks; record the new object set and a
// history entry, whether the sync succeeded or not. A pinned app (gitrevert --cluster-only) is
// refused.
// `api` reads and writes (a read-write ApiProxy); `kubectl` renders and discovers.
SyncOutcome sync_app(const kube::Kubectl& kubectl, kube::ApiClient& api,
                     const SyncRequest& request);

// The Error a pinned app's sync gives: why, and how to proceed.
[[noreturn]] void refuse_pinned(const AppRecord& record);

}  // namespace gitops::sync
