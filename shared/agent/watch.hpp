#pragma once

// The agent's loop (gitsync --watch): every app reconciled on its own schedule, apps in parallel,
// each at most one round at a time, until SIGTERM or SIGINT; the current round is finished, so
// locks are released and the record is written, and watch() returns.

#include <functional>
#include <vector>

#include "agent/app_spec.hpp"
#include "agent/round.hpp"
#include "kube/kubectl.hpp"

namespace gitops::agent {

struct WatchOptions {
  std::vector<AppSpec> apps;
  kube::KubectlOptions kubectl;  // each app's context replaces its --context
  // Called with what each round did, from the apps' threads one at a time; a round that changed
  // nothing (in sync, skipped, drift only reported, failed) and says what the app's last round
  // said is not reported again.
  std::function<void(const Event&)> report;
};

// Until a stop is asked (SIGTERM, SIGINT, or request_stop()).
void watch(const WatchOptions& options);

// Asks watch() to stop after the current rounds.
void request_stop();

}  // namespace gitops::agent
