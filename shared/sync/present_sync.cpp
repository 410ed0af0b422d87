#include "sync/present_sync.hpp"

#include <algorithm>
#include <sstream>

#include "diff/object_title.hpp"
#include "diff/present_policy.hpp"
#include "diff/present_summary.hpp"
#include "git/repository.hpp"
#include "sync/order.hpp"

namespace gitops::sync {

namespace {

using manifest::Value;

Value object_json(const std::string& api_version, const manifest::ObjectId& id) {
  auto slash = api_version.find('/');
  return {{"group", id.group},
          {"version", slash == std::string::npos ? api_version : api_version.substr(slash + 1)},
          {"kind", id.kind},
          {"namespace", id.namespace_},
          {"name", id.name}};
}

}  // namespace

std::string describe_pin(const AppRecord& record) {
  const auto& pin = *record.pin;
  return "at " + git::short_sha(pin.commit) + " (" + pin.subject + ") by " + pin.pinned_by +
         " since " + pin.pinned_at + "; gitsync refuses until 'kubectl gitrevert --unpin --app " +
         record.name + "'";
}

nlohmann::ordered_json pin_json(const AppRecord& record) {
  if (!record.pin)
    return nullptr;
  return {{"commit", record.pin->commit},
          {"subject", record.pin->subject},
          {"pinnedAt", record.pin->pinned_at},
          {"pinnedBy", record.pin->pinned_by}};
}

std::string describe(const std::string& api_version, const manifest::ObjectId& id) {
  return diff::object_title(api_version, id);
}

std::string present_sync_text(const SyncOutcome& outcome, bool dry_run) {
  std::ostringstream out;
  const auto& changes = outcome.plan.report.changes;
  const auto& record = outcome.record;
  // In the order the sync applies them: Namespaces, CRDs, cluster-scoped, namespaced.
  std::vector<const diff::ObjectChange*> applied;
  for (const auto& change : changes.objects) {
    if (change.action == diff::Action::create || change.action == diff::Action::update) {
      applied.push_back(&change);
    }
  }
  std::stable_sort(applied.begin(), applied.end(), [&](const auto* a, const auto* b) {
    return phase_of(a->id, outcome.plan.discovery) < phase_of(b->id, outcome.plan.discovery);
  });
  if (outcome.stopped_before_applying())
    applied.clear();  // a pre-sync hook failed: none of the plan was carried out
  for (const auto* change : applied) {
    out << diff::to_string(change->action) << " " << describe(change->api_version, change->id)
        << "\n";
  }
  for (const auto& member : outcome.prune.to_delete) {
    out << "prune " << describe(member.api_version, member.id);
    if (deletes_contents(member.id))
      out << "  !! deletes everything it holds";
    out << "\n";
  }
  if (!outcome.prune.would_prune.empty()) {
    out << "would prune " << outcome.prune.would_prune.size() << " object"
        << (outcome.prune.would_prune.size() == 1 ? "" : "s") << " (use --prune):\n";
    for (const auto& member : outcome.prune.would_prune) {
      out << "  " << describe(member.api_version, member.id)
          << (deletes_contents(member.id) ? "  !! would delete everything it holds" : "") << "\n";
    }
  }
  for (const auto& member : outcome.prune.opted_out) {
    out << "keep " << describe(member.api_version, member.id) << " (" << kPruneAnnotation
        << ": disabled)\n";
  }
  for (const auto& failure : outcome.applied.failed) {
    out << "failed " << failure.id.to_string() << ": " << failure.reason << "\n";
  }
  for (const auto& failure : outcome.prune_failures) {
    out << "failed to prune " << failure.id.to_string() << ": " << failure.reason << "\n";
  }
  if (outcome.health) {
    for (const auto& object : outcome.health->culprits())
      out << (object.health.state == HealthState::failed ? "unhealthy " : "not ready ")
          << describe_health(object) << "\n";
  }
  if (dry_run) {
    for (const auto& hook : outcome.plan.report.hooks)
      out << "would run " << diff::hook_line(hook) << "\n";
  }
  for (const auto& run : outcome.hooks)
    out << describe(run) << "\n";
  out << diff::policy_lines(outcome.plan.report.policy);
  const auto counts = changes.counts();
  const auto target = git::short_sha(record.commit) + " (" + record.subject + ")";
  if (dry_run) {
    out << "dry run of app " << outcome.app.name << " at " << target << ": " << counts.create
        << " to create, " << counts.update << " to update, " << outcome.prune.to_delete.size()
        << " to prune, " << counts.unchanged << " unchanged; nothing was changed\n";
  } else if (outcome.denied()) {
    out << "sync of app " << outcome.app.name << " to " << target
        << " refused: the cluster's admission denies " << outcome.plan.report.policy->denied.size()
        << " object" << (outcome.plan.report.policy->denied.size() == 1 ? "" : "s")
        << "; nothing was written\n";
  } else if (outcome.stopped_before_applying()) {
    out << "sync of app " << outcome.app.name << " to " << target
        << " failed before applying anything: " << record.message << "\n";
  } else if (outcome.applied_all() && outcome.failed_hook()) {
    out << "sync of app " << outcome.app.name << " to " << target << " failed: " << record.created
        << " created, " << record.updated << " updated, " << record.pruned << " pruned; "
        << record.message << "\n";
  } else if (outcome.applied_all() && !outcome.healthy()) {
    out << "sync of app " << outcome.app.name << " to " << target
        << " is unhealthy: " << record.created << " created, " << record.updated << " updated, "
        << record.pruned << " pruned; " << record.message << "\n";
  } else if (!outcome.succeeded()) {
    out << "sync of app " << outcome.app.name << " to " << target << " failed: " << record.failed
        << " object" << (record.failed == 1 ? "" : "s") << " failed, " << record.created
        << " created, " << record.updated << " updated, " << record.pruned << " pruned\n";
  } else if (record.created + record.updated + record.pruned == 0) {
    out << "app " << outcome.app.name << " is in sync with " << target << ": nothing to apply ("
        << counts.unchanged << " unchanged)\n";
  } else {
    out << "synced app " << outcome.app.name << " to " << target << ": " << record.created
        << " created, " << record.updated << " updated, " << record.pruned << " pruned, "
        << record.unchanged << " unchanged" << (outcome.health ? "; all healthy" : "") << "\n";
  }
  return out.str();
}

std::vector<std::string> present_sync_failures(const SyncOutcome& outcome) {
  std::vector<std::string> lines;
  if (outcome.denied()) {
    for (const auto& denial : outcome.plan.report.policy->denied)
      lines.push_back(diff::denial_line(denial));
  }
  for (const auto& failure : outcome.applied.failed)
    lines.push_back("cannot apply " + failure.id.to_string() + ": " + failure.reason);
  for (const auto& failure : outcome.prune_failures)
    lines.push_back("cannot prune " + failure.id.to_string() + ": " + failure.reason);
  if (outcome.applied_all() && !outcome.healthy())
    lines.push_back(outcome.record.message);
  for (const auto& run : outcome.hooks) {
    if (!run.succeeded)
      lines.push_back(describe(run));
  }
  return lines;
}

std::string present_sync_json(const SyncOutcome& outcome, bool dry_run) {
  const auto& record = outcome.record;
  nlohmann::ordered_json json;
  json["apiVersion"] = "gitops.kubectl.dev/v1";
  json["kind"] = "SyncResult";
  json["app"] = outcome.app.name;
  json["dryRun"] = dry_run;
  json["result"] = dry_run ? "planned" : outcome.denied() ? "denied" : to_string(record.result);
  json["revision"] = {{"commit", record.commit}, {"subject", record.subject}};
  const auto counts = outcome.plan.report.changes.counts();
  json["summary"] = {{"create", counts.create},
                     {"update", counts.update},
                     {"unchanged", counts.unchanged},
                     {"prune", outcome.prune.to_delete.size()},
                     {"wouldPrune", outcome.prune.would_prune.size()},
                     {"failed", record.failed}};
  auto objects = nlohmann::ordered_json::array();
  for (const auto& change : outcome.plan.report.changes.objects) {
    if (change.action != diff::Action::create && change.action != diff::Action::update)
      continue;
    auto object = nlohmann::ordered_json(object_json(change.api_version, change.id));
    object["action"] = diff::to_string(change.action);
    objects.push_back(object);
  }
  auto add_members = [&](const std::vector<MemberObject>& members, const char* action) {
    for (const auto& member : members) {
      auto object = nlohmann::ordered_json(object_json(member.api_version, member.id));
      object["action"] = action;
      objects.push_back(object);
    }
  };
  add_members(outcome.prune.to_delete, "prune");
  add_members(outcome.prune.would_prune, "would-prune");
  add_members(outcome.prune.opted_out, "keep");
  json["objects"] = objects;
  auto failures = nlohmann::ordered_json::array();
  for (const auto* list : {&outcome.applied.failed, &outcome.prune_failures}) {
    for (const auto& failure : *list) {
      failures.push_back({{"object", failure.id.to_string()}, {"reason", failure.reason}});
    }
  }
  json["failures"] = failures;
  auto hooks = nlohmann::ordered_json::array();
  if (dry_run) {
    for (const auto& hook : outcome.plan.report.hooks) {
      auto entry = nlohmann::ordered_json(object_json(hook.api_version, hook.id));
      entry["phases"] = hook.phases;
      entry["generateName"] = hook.generated_name;
      entry["result"] = "planned";
      hooks.push_back(entry);
    }
  }
  for (const auto& run : outcome.hooks) {
    auto entry = nlohmann::ordered_json(object_json(run.api_version, run.id));
    entry["phase"] = manifest::to_string(run.phase);
    entry["result"] = run.succeeded ? "succeeded" : "failed";
    if (!run.succeeded)
      entry["reason"] = run.reason;
    hooks.push_back(entry);
  }
  json["hooks"] = hooks;
  if (outcome.health) {
    auto unhealthy = nlohmann::ordered_json::array();
    for (const auto& object : outcome.health->culprits()) {
      auto entry = nlohmann::ordered_json(object_json(object.api_version, object.id));
      entry["health"] = to_string(object.health.state);
      entry["reason"] = object.health.reason;
      unhealthy.push_back(entry);
    }
    json["health"] = {{"healthy", outcome.health->healthy},
                      {"timedOut", outcome.health->timed_out},
                      {"unhealthy", unhealthy}};
  }
  if (outcome.plan.report.policy)
    json["policy"] = diff::policy_json(*outcome.plan.report.policy);
  return json.dump(2) + "\n";
}

namespace {

constexpr std::size_t kWorstShown = 5;

// The objects that are not healthy, the worst first, at most kWorstShown.
std::vector<ObjectHealth> worst_objects(const AppStatus& status) {
  std::vector<ObjectHealth> worst;
  for (const auto& object : status.health) {
    if (object.health.state != HealthState::current && worst.size() < kWorstShown)
      worst.push_back(object);
  }
  return worst;
}

// "healthy (12 objects)", "failed: 1 failed, 2 in progress of 12 objects".
std::string health_summary(const AppStatus& status) {
  std::size_t failed = 0, waiting = 0;
  for (const auto& object : status.health) {
    failed += object.health.state == HealthState::failed;
    waiting += object.health.state == HealthState::in_progress ||
               object.health.state == HealthState::terminating;
  }
  const auto total =
      std::to_string(status.health.size()) + " object" + (status.health.size() == 1 ? "" : "s");
  if (failed + waiting == 0)
    return "healthy (" + total + ")";
  return to_string(status.overall()) + ": " + std::to_string(failed) + " failed, " +
         std::to_string(waiting) + " not ready of " + total;
}

}  // namespace

std::string present_status_text(const AppStatus& status) {
  const auto& record = status.record;
  const int drifted = status.drifted.value_or(-1);
  std::ostringstream out;
  out << "app:       " << record.name << "\n";
  out << "source:    " << record.repository;
  if (!record.paths.empty()) {
    out << " (";
    for (std::size_t i = 0; i < record.paths.size(); ++i)
      out << (i ? ", " : "") << record.paths[i];
    out << ")";
  }
  out << "\n";
  if (record.pin)
    out << "PINNED:    " << describe_pin(record) << "\n";
  if (const auto* current = record.current()) {
    out << "revision:  " << current->commit << " (" << current->subject << ")\n";
    out << "synced:    " << current->synced_at << " by " << current->synced_by << "\n";
  } else {
    out << "revision:  none synced successfully\n";
  }
  if (!record.history.empty() && record.history.front().kind == SyncKind::rollback) {
    out << "last sync: rolled back at " << record.history.front().synced_at << ": "
        << record.history.front().message << "\n";
  } else if (!record.history.empty() && record.history.front().result != SyncResult::succeeded) {
    out << "last sync: " << to_string(record.history.front().result) << " at "
        << record.history.front().synced_at << ": " << record.history.front().message << "\n";
  }
  out << "objects:   " << record.objects.size() << "\n";
  out << "health:    " << health_summary(status) << "\n";
  for (const auto& object : worst_objects(status))
    out << "           " << describe_health(object) << "\n";
  out << "drift:     "
      << (drifted < 0    ? std::string("unknown (the synced commit is not in this repository)")
          : drifted == 0 ? std::string("none")
                         : std::to_string(drifted) + " object" + (drifted == 1 ? "" : "s") +
                               " differ from the synced revision (see kubectl gitdiff)")
      << "\n";
  return out.str();
}

std::string present_status_json(const AppStatus& status) {
  const auto& record = status.record;
  const int drifted = status.drifted.value_or(-1);
  nlohmann::ordered_json json;
  json["apiVersion"] = "gitops.kubectl.dev/v1";
  json["kind"] = "AppStatus";
  json["app"] = record.name;
  json["repository"] = record.repository;
  json["paths"] = record.paths;
  if (const auto* current = record.current()) {
    json["revision"] = {{"commit", current->commit},
                        {"subject", current->subject},
                        {"syncedAt", current->synced_at},
                        {"syncedBy", current->synced_by}};
  } else {
    json["revision"] = nullptr;
  }
  json["lastResult"] = record.history.empty() ? "" : to_string(record.history.front().result);
  json["objects"] = record.objects.size();
  json["pinned"] = pin_json(record);
  json["drifted"] = drifted < 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(drifted);
  auto worst = nlohmann::ordered_json::array();
  for (const auto& object : worst_objects(status)) {
    auto entry = nlohmann::ordered_json(object_json(object.api_version, object.id));
    entry["health"] = to_string(object.health.state);
    entry["reason"] = object.health.reason;
    worst.push_back(entry);
  }
  json["health"] = {{"state", to_string(status.overall())}, {"worst", worst}};
  return json.dump(2) + "\n";
}

}  // namespace gitops::sync
