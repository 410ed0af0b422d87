#pragma once

// The agent's loop (gitsync --watch): every app reconciled on its own schedule, apps in parallel,
// each at most one round at a time, until SIGTERM or SIGINT; the current round is finished, so
// locks are released and the record is written, and watch() returns.

#include <functional>
#include <vector>

#include "agent/app_spec.hpp"
#include "agent/notifier.hpp"
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
  // --listen: serve /healthz, /readyz, /metrics, /apps and POST /hook there ("" : nowhere).
  std::string listen;
  std::string webhook_secret;  // what POST /hook must prove it knows; "": webhooks refused
  // Called once the endpoints listen, with their port (tests listen on port 0).
  std::function<void(int port)> listening;
  // --notify: where reported events that matter to people are sent (none: nowhere). They are
  // also Kubernetes Events on the app's record, whatever this says.
  NotifyOptions notify;
  // --leader-elect: only the replica holding the Lease `leader_lease` in `leader_namespace` (on
  // the cluster of `kubectl` without an app's context) runs rounds; the others wait to take over
  // ("": no election, every round runs).
  std::string leader_lease;
  std::string leader_namespace;
  // Called when this replica starts or stops leading, with its identity.
  std::function<void(bool leading, const std::string& identity)> leadership;
};

// Until a stop is asked (SIGTERM, SIGINT, or request_stop()).
void watch(const WatchOptions& options);

// Asks watch() to stop after the current rounds.
void request_stop();

}  // namespace gitops::agent
