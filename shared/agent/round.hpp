#pragma once

// One round of the agent for one app: fetch, then either sync a new revision or look for drift,
// and heal it when the app self-heals. What happened is an Event, in Flux's reasons.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "agent/app_spec.hpp"
#include "kube/api_client.hpp"
#include "kube/kubectl.hpp"

namespace gitops::agent {

// Flux's event reasons, and two of our own for rounds that change nothing.
enum class Reason {
  sync_succeeded,       // SyncSucceeded
  sync_failed,          // SyncFailed
  health_check_failed,  // HealthCheckFailed
  rolled_back,          // RolledBack
  drift_detected,       // DriftDetected
  drift_corrected,      // DriftCorrected
  in_sync,              // InSync: nothing to do
  skipped,              // Skipped: pinned, or a failed revision waiting for a newer commit
  round_failed,         // RoundFailed: fetch, render or the cluster failed
  verification_failed,  // VerificationFailed: the new revision's signatures were refused
};

// "SyncSucceeded", ...
const char* to_string(Reason reason);
// Whether the reason is an error (severity "error" in notifications).
bool is_error(Reason reason);

struct Event {
  std::string app;
  Reason reason = Reason::in_sync;
  std::string message;
  std::string revision;  // the commit the round worked on, "" when unknown
  int drifted = -1;      // objects that differed from git, when the round looked
};

// What the agent remembers of an app between rounds.
struct AppState {
  int failures = 0;  // failed rounds in a row
  // Drifted fields ("apps/Deployment shop/web spec.replicas") and how many healing rounds in a
  // row found them drifted again; from kFightRounds on it is a fight, reported once and no longer
  // healed.
  std::map<std::string, int> healed;
  std::set<std::string> fights;
  std::vector<std::string> fight_rules;  // ignore rules (KIND:FIELD) for the fields fought over
};

inline constexpr int kFightRounds = 3;

// Runs one round; Error when the round could not be done (the caller counts it as failed).
Event run_round(const AppSpec& spec, AppState& state, const kube::Kubectl& kubectl,
                kube::ApiClient& api);

}  // namespace gitops::agent
