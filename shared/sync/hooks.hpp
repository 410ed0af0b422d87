#pragma once

// Running a sync's hooks (manifest/hook.hpp) at one of its points: pre-sync before any object is
// written, sync after the objects are applied, post-sync once they are healthy, sync-fail when
// the sync failed. A hook is created anew each time (a generated name is the server's), waited on
// until it has run to its end, and deleted as its policy says. Hooks carry the label
// gitops.kubectl.dev/hook-of=<app>, so an earlier run's generated hooks are found again.

#include <string>
#include <vector>

#include "kube/api_client.hpp"
#include "kube/discovery.hpp"
#include "manifest/hook.hpp"
#include "manifest/object.hpp"
#include "sync/wait.hpp"

namespace gitops::sync {

inline constexpr const char* kHookOfLabel = "gitops.kubectl.dev/hook-of";

// One hook as it ran.
struct HookRun {
  manifest::ObjectId id;  // as created: a generated name is the one the server chose
  std::string api_version;
  manifest::HookPhase phase = manifest::HookPhase::pre_sync;
  bool succeeded = false;
  std::string reason;  // why it failed: "job failed: BackoffLimitExceeded ..."
};

// "pre-sync hook Job shop/migrate-x7k2q failed: job failed: ..." (or "succeeded").
std::string describe(const HookRun& run);

// The hooks among `hooks` that run at `phase`, lowest sync wave first.
std::vector<const manifest::Object*> hooks_at(const std::vector<manifest::Object>& hooks,
                                              manifest::HookPhase phase);

// Runs the hooks of `phase` wave by wave, those of one wave at once, each wave complete before
// the next starts; a wave with a failure ends the phase. `wait` bounds each wave's wait.
std::vector<HookRun> run_hooks(kube::ApiClient& api, const kube::Discovery& discovery,
                               const std::string& app, const std::vector<manifest::Object>& hooks,
                               manifest::HookPhase phase, const WaitOptions& wait);

}  // namespace gitops::sync
