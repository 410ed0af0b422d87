#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "kube/api_client.hpp"
#include "kube/discovery.hpp"
#include "manifest/object.hpp"
#include "sync/health.hpp"

namespace gitops::sync {

// One object as the wait last saw it.
struct ObjectHealth {
  manifest::ObjectId id;
  std::string api_version;
  Health health;
};

struct WaitOptions {
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  std::chrono::milliseconds interval{std::chrono::milliseconds(500)};  // between two looks
  // Called after each look with the objects not yet current, for a person at a terminal.
  std::function<void(const std::vector<ObjectHealth>& waiting)> progress;
  // Hooks: wait until each has run to its end (assess_completion), not merely become healthy.
  bool until_complete = false;
};

struct WaitOutcome {
  bool healthy = false;
  bool timed_out = false;
  // Every object waited on, the worst first (failed, then in progress, then current).
  std::vector<ObjectHealth> objects;

  // The objects that kept the wait from succeeding: failed ones, or all unfinished on a timeout.
  std::vector<ObjectHealth> culprits() const;
};

// Looks at the objects until every one is current (healthy), one of them fails, or the timeout
// passes. A workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job) whose pods cannot
// start by waiting (CrashLoopBackOff, a failed container, an image that cannot be pulled) fails
// at once, naming the pod, container and exit code, as a person would look for them.
WaitOutcome wait_until_healthy(kube::ApiClient& api, const kube::Discovery& discovery,
                               const std::vector<const manifest::Object*>& objects,
                               const WaitOptions& options);

// "Deployment shop/web: pod web-7d9c container web CrashLoopBackOff (exit 1)".
std::string describe_health(const ObjectHealth& object);

// One line for the history and the error: the first culprit, and on a timeout how long it
// waited: "not healthy within 5m0s: Deployment shop/web: 0 of 1 updated replicas available".
std::string describe_unhealthy(const WaitOutcome& outcome, std::chrono::milliseconds timeout);

// "5m0s", "1m30s", "2s", "500ms", as kubectl and Go print durations.
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace gitops::sync
