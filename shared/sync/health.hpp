#pragma once

// Whether an applied object does what it was applied for: the kstatus rules (generation observed,
// Stalled, Reconciling), kubectl's rollout-status logic for Deployment, StatefulSet and DaemonSet,
// and the kinds Flux, Argo CD and kapp check besides (Job, Pod, PVC, CRD, APIService, a Ready
// condition). README.md's table "Health rules" lists them.

#include <optional>
#include <string>

#include "manifest/value.hpp"

namespace gitops::sync {

enum class HealthState {
  current,      // healthy: nothing more to wait for
  in_progress,  // not yet: wait
  failed,       // will not get there by waiting
  terminating,  // being deleted
};

struct Health {
  HealthState state = HealthState::current;
  std::string reason;  // why it is not current: "2 of 3 updated replicas available"

  bool operator==(const Health&) const = default;
};

// The health of one live object, as the server returned it.
Health assess_health(const manifest::Value& live);

// Whether a hook has run: a Pod when it has Succeeded (Ready is not enough: a hook runs to its
// end), a Job when Complete, anything else as assess_health says.
Health assess_completion(const manifest::Value& live);

// What is wrong with a Pod that cannot become Ready by waiting, in words a person needs: "pod
// web-7d9c container web CrashLoopBackOff (exit 1)"; nullopt for a pod that is fine or still
// starting. The wait names it as the cause of its workload's failure.
std::optional<std::string> pod_failure(const manifest::Value& pod);

// "current", "in progress", "failed", "terminating".
std::string to_string(HealthState state);

}  // namespace gitops::sync
