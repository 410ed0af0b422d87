#include "sync/sync_app.hpp"

#include <algorithm>
#include <set>

#include <unistd.h>

#include "error.hpp"
#include "kube/whoami.hpp"
#include "sync/lock.hpp"
#include "sync/record_store.hpp"
#include "sync/sync_paths.hpp"
#include "util/fault_point.hpp"

namespace gitops::sync {

namespace {

std::vector<MemberObject> desired_members(const std::vector<manifest::Object>& desired) {
  std::vector<MemberObject> members;
  for (const auto& object : desired)
    members.push_back({object.id, object.api_version});
  return members;
}

std::vector<MemberObject> union_of(std::vector<MemberObject> a,
                                   const std::vector<MemberObject>& b) {
  std::set<manifest::ObjectId> seen;
  for (const auto& member : a)
    seen.insert(member.id);
  for (const auto& member : b) {
    if (seen.insert(member.id).second)
      a.push_back(member);
  }
  return a;
}

std::set<manifest::ObjectId> ids_of(const std::vector<MemberObject>& members) {
  std::set<manifest::ObjectId> ids;
  for (const auto& member : members)
    ids.insert(member.id);
  return ids;
}

// "HEAD (1a2b3c4)": the revision as typed, and the commit it named.
std::string describe_revision(const pipeline::PlanRequest& source) {
  const auto short_sha = source.commit->sha.substr(0, 7);
  return source.revision.empty() || source.revision == source.commit->sha
             ? short_sha
             : source.revision + " (" + short_sha + ")";
}

pipeline::Plan make_plan(const kube::Kubectl& kubectl, kube::ApiClient& api,
                         const SyncRequest& request, const std::optional<AppRecord>& record) {
  auto source = request.source;
  if (record)
    source.inventory = ids_of(record->objects);
  auto plan = pipeline::plan_against_cluster(kubectl, api, source);
  require_rendered_paths(plan.desired, request.source.paths, describe_revision(request.source));
  for (const auto& change : plan.report.changes.objects) {
    if (change.action == diff::Action::unreadable) {
      throw Error("cannot read " + change.id.to_string() + ": " + change.reason +
                  " (a sync needs to read every object it manages)");
    }
  }
  return plan;
}

}  // namespace

void refuse_pinned(const AppRecord& record) {
  const auto& pin = *record.pin;
  throw Error("app " + quoted(record.name) + " is pinned at " + pin.commit.substr(0, 7) + " (" +
              pin.subject + ") by " + pin.pinned_by + " since " + pin.pinned_at +
              ": the cluster was rolled back on purpose with gitrevert --cluster-only; fix git "
              "(kubectl gitrevert --app " +
              record.name + "), then release it with 'kubectl gitrevert --unpin --app " +
              record.name + "'");
}

SyncOutcome sync_app(const kube::Kubectl& kubectl, kube::ApiClient& api,
                     const SyncRequest& request) {
  SyncOutcome outcome;
  auto record = load_record(api, request.record_namespace, request.app);
  if (record && record->pin && !request.sync_pinned)
    refuse_pinned(*record);
  if (record)
    require_recorded_paths(*record, request.source.paths, request.change_paths);

  // Everything is validated and planned before the first write.
  outcome.plan = make_plan(kubectl, api, request, record);
  outcome.prune = plan_prune(outcome.plan.report.changes, request.prune);
  refuse_empty_prune(outcome.plan.desired, outcome.prune, request.app,
                     describe_revision(request.source));

  AppRecord app = record ? *record : AppRecord{};
  app.name = request.app;
  app.record_namespace = request.record_namespace;
  app.repository = request.source.repository->workdir().string();
  app.paths = request.source.paths;
  app.prune = request.prune;
  const auto& commit = *request.source.commit;
  auto& entry = outcome.record;
  entry.commit = commit.sha;
  entry.subject = commit.subject;
  entry.author = commit.author_name + " <" + commit.author_email + ">";
  entry.commit_time = commit.time;
  entry.kind = request.kind;
  const auto counts = outcome.plan.report.changes.counts();
  entry.unchanged = counts.unchanged;

  if (request.dry_run) {
    outcome.app = std::move(app);
    return outcome;
  }

  ensure_record_namespace(api, request.record_namespace);
  entry.synced_by = kube::current_user(api);
  auto lock = AppLock::acquire(api, request.record_namespace, request.app,
                               entry.synced_by + " (pid " + std::to_string(getpid()) + ")");
  // Another sync may have finished between planning and locking: plan again on its record.
  auto locked_record = load_record(api, request.record_namespace, request.app);
  if (locked_record &&
      (!record || locked_record->history.size() != record->history.size() ||
       (!locked_record->history.empty() &&
        locked_record->history.front().synced_at != record->history.front().synced_at))) {
    if (locked_record->pin && !request.sync_pinned)
      refuse_pinned(*locked_record);
    require_recorded_paths(*locked_record, request.source.paths, request.change_paths);
    app.objects = locked_record->objects;
    app.history = locked_record->history;
    outcome.plan = make_plan(kubectl, api, request, locked_record);
    outcome.prune = plan_prune(outcome.plan.report.changes, request.prune);
    refuse_empty_prune(outcome.plan.desired, outcome.prune, request.app,
                       describe_revision(request.source));
  }

  const auto new_members = desired_members(outcome.plan.desired);
  // Crash safety: until the sync is done the record holds both sets, so nothing is forgotten.
  const auto old_members = app.objects;
  app.objects = union_of(old_members, new_members);
  save_record(api, app);
  util::fault_point("recorded-union");

  std::vector<const manifest::Object*> to_apply;
  std::map<manifest::ObjectId, diff::Action> actions;
  for (const auto& change : outcome.plan.report.changes.objects)
    actions[change.id] = change.action;
  for (const auto& object : outcome.plan.desired) {
    auto action = actions[object.id];
    if (action == diff::Action::create || action == diff::Action::update)
      to_apply.push_back(&object);
  }
  ApplyOptions apply_options;
  apply_options.force_conflicts = request.force_conflicts;
  apply_options.progress = request.progress;
  apply_options.between_phases = [&] { lock.renew(); };
  outcome.applied = apply_objects(api, to_apply, outcome.plan.discovery, apply_options);
  util::fault_point("applied");
  if (!outcome.prune.to_delete.empty()) {
    outcome.prune_failures = delete_objects(api, outcome.prune.to_delete, outcome.plan.discovery);
  }

  // What stays recorded: what git declares, plus what was not pruned (kept, opted out, failed).
  std::vector<MemberObject> kept = outcome.prune.would_prune;
  kept.insert(kept.end(), outcome.prune.opted_out.begin(), outcome.prune.opted_out.end());
  for (const auto& failure : outcome.prune_failures) {
    for (const auto& member : outcome.prune.to_delete) {
      if (member.id == failure.id)
        kept.push_back(member);
    }
  }
  app.objects = union_of(new_members, kept);

  std::set<manifest::ObjectId> failed;
  for (const auto& failure : outcome.applied.failed)
    failed.insert(failure.id);
  for (const auto& change : outcome.plan.report.changes.objects) {
    if (failed.count(change.id))
      continue;
    if (change.action == diff::Action::create)
      ++entry.created;
    if (change.action == diff::Action::update)
      ++entry.updated;
  }
  entry.failed = static_cast<int>(outcome.applied.failed.size() + outcome.prune_failures.size());
  entry.pruned = static_cast<int>(outcome.prune.to_delete.size() - outcome.prune_failures.size());
  entry.synced_at = kube::rfc3339_now();
  entry.result = outcome.succeeded() ? "succeeded" : "failed";
  if (!outcome.succeeded()) {
    const auto& first = outcome.applied.failed.empty() ? outcome.prune_failures.front()
                                                       : outcome.applied.failed.front();
    entry.message = first.id.to_string() + ": " + first.reason;
  }
  app.add_history(entry);
  if (request.pin && outcome.succeeded()) {
    app.pin = Pin{entry.commit, entry.subject, entry.synced_at, entry.synced_by};
  }
  save_record(api, app);
  outcome.app = std::move(app);
  return outcome;
}

}  // namespace gitops::sync
