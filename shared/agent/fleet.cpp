#include "agent/fleet.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include "kube/whoami.hpp"

namespace gitops::agent {

namespace {

// A label value in Prometheus' text format.
std::string label(const std::string& value) {
  std::string escaped;
  for (const char c : value) {
    if (c == '\\' || c == '"')
      escaped += '\\';
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped += c;
  }
  return "\"" + escaped + "\"";
}

bool is_sync(Reason reason) {
  return reason == Reason::sync_succeeded || reason == Reason::sync_failed ||
         reason == Reason::health_check_failed || reason == Reason::rolled_back ||
         reason == Reason::drift_corrected;
}

}  // namespace

Fleet::Fleet(const std::vector<AppSpec>& apps) {
  for (const auto& spec : apps) {
    auto state = std::make_unique<State>();
    state->spec = spec;
    apps_.emplace(spec.name, std::move(state));
  }
}

void Fleet::record(const Event& event, std::chrono::duration<double> took) {
  std::lock_guard lock(mutex_);
  auto found = apps_.find(event.app);
  if (found == apps_.end())
    return;
  auto& state = *found->second;
  state.last = event;
  state.last_round_at = kube::rfc3339_now();
  state.last_round_seconds = took.count();
  ++state.rounds;
  ++state.reasons[to_string(event.reason)];
  if (event.drifted >= 0)
    state.drifted = event.drifted;
  if (is_sync(event.reason)) {
    const bool succeeded =
        event.reason == Reason::sync_succeeded || event.reason == Reason::drift_corrected;
    ++state.syncs[succeeded ? "succeeded" : "failed"];
    if (succeeded) {
      state.last_sync_time =
          std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
              .count();
    }
  }
}

std::vector<std::string> Fleet::poke(const std::string& branch) {
  std::vector<std::string> poked;
  std::lock_guard lock(mutex_);
  for (auto& [name, state] : apps_) {
    if (branch.empty() || state->spec.branch == branch) {
      state->poked.store(true);
      poked.push_back(name);
    }
  }
  return poked;
}

bool Fleet::take_poke(const std::string& app) {
  std::lock_guard lock(mutex_);
  auto found = apps_.find(app);
  return found != apps_.end() && found->second->poked.exchange(false);
}

void Fleet::set_leading(bool leading) {
  leading_.store(leading ? 1 : 0);
}

bool Fleet::leading() const {
  return leading_.load() != 0;
}

bool Fleet::ready() const {
  if (leading_.load() == 0)
    return true;
  std::lock_guard lock(mutex_);
  for (const auto& [name, state] : apps_) {
    if (state->rounds == 0)
      return false;
  }
  return true;
}

std::string Fleet::metrics() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP gitops_syncs_total Syncs the agent ran, by app and result.\n"
         "# TYPE gitops_syncs_total counter\n";
  for (const auto& [name, state] : apps_) {
    for (const char* result : {"succeeded", "failed"}) {
      const auto count = state->syncs.contains(result) ? state->syncs.at(result) : 0;
      out << "gitops_syncs_total{app=" << label(name) << ",result=" << label(result) << "} "
          << count << "\n";
    }
  }
  out << "# HELP gitops_rounds_total Rounds, by app and the reason they ended with.\n"
         "# TYPE gitops_rounds_total counter\n";
  for (const auto& [name, state] : apps_) {
    for (const auto& [reason, count] : state->reasons)
      out << "gitops_rounds_total{app=" << label(name) << ",reason=" << label(reason) << "} "
          << count << "\n";
  }
  out << "# HELP gitops_drifted_objects Objects that differed from git at the last look.\n"
         "# TYPE gitops_drifted_objects gauge\n";
  for (const auto& [name, state] : apps_)
    out << "gitops_drifted_objects{app=" << label(name) << "} " << state->drifted << "\n";
  out << "# HELP gitops_last_sync_timestamp_seconds When the last successful sync ended.\n"
         "# TYPE gitops_last_sync_timestamp_seconds gauge\n";
  for (const auto& [name, state] : apps_)
    out << "gitops_last_sync_timestamp_seconds{app=" << label(name) << "} " << std::fixed
        << state->last_sync_time << "\n";
  out << "# HELP gitops_round_duration_seconds How long the last round took.\n"
         "# TYPE gitops_round_duration_seconds gauge\n";
  for (const auto& [name, state] : apps_)
    out << "gitops_round_duration_seconds{app=" << label(name) << "} " << std::fixed
        << state->last_round_seconds << "\n";
  if (const int leading = leading_.load(); leading >= 0) {
    out << "# HELP gitops_leader Whether this replica leads (runs the rounds): 1, or 0.\n"
           "# TYPE gitops_leader gauge\ngitops_leader "
        << leading << "\n";
  }
  return out.str();
}

std::string Fleet::apps_json() const {
  std::lock_guard lock(mutex_);
  auto apps = nlohmann::ordered_json::array();
  for (const auto& [name, state] : apps_) {
    const auto& spec = state->spec;
    apps.push_back({{"name", name},
                    {"context", spec.context},
                    {"repository", spec.repository},
                    {"branch", spec.branch},
                    {"paths", spec.paths},
                    {"revision", state->last.revision},
                    {"lastReason", state->rounds ? to_string(state->last.reason) : ""},
                    {"lastMessage", state->last.message},
                    {"lastRoundAt", state->last_round_at},
                    {"drifted", state->drifted},
                    {"rounds", state->rounds}});
  }
  return apps.dump(2) + "\n";
}

}  // namespace gitops::agent
