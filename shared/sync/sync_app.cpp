#include "sync/sync_app.hpp"

#include <algorithm>
#include <set>

#include <unistd.h>

#include "error.hpp"
#include "kube/whoami.hpp"
#include "pipeline/admission_check.hpp"
#include "sync/lock.hpp"
#include "sync/record_store.hpp"
#include "sync/sync_paths.hpp"
#include "sync/waves.hpp"
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

std::vector<const manifest::Object*> pointers_to(const std::vector<manifest::Object>& objects) {
  std::vector<const manifest::Object*> pointers;
  for (const auto& object : objects)
    pointers.push_back(&object);
  return pointers;
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

const HookRun* SyncOutcome::failed_hook() const {
  for (const auto& run : hooks) {
    if (!run.succeeded && run.phase != manifest::HookPhase::sync_fail)
      return &run;
  }
  return nullptr;
}

bool SyncOutcome::stopped_before_applying() const {
  if (denied())
    return true;
  const auto* failed = failed_hook();
  return failed && failed->phase == manifest::HookPhase::pre_sync;
}

void refuse_pinned(const AppRecord& record) {
  const auto& pin = *record.pin;
  throw Error("app " + quoted(record.name) + " is pinned at " + pin.commit.substr(0, 7) + " (" +
              pin.subject + ") by " + pin.pinned_by + " since " + pin.pinned_at +
              ": the cluster was rolled back on purpose with gitrevert --cluster-only; fix git "
              "(kubectl gitrevert --app " +
              record.name + "), then release it with 'kubectl gitrevert --unpin --app " +
              record.name + "'");
}

namespace {

// A sync's phases, in order: plan, lock, record the union, apply, prune, record the outcome. Each
// reads what the phases before it left in the outcome and the app record.
class Sync {
 public:
  Sync(const kube::Kubectl& kubectl, kube::ApiClient& api, const SyncRequest& request)
      : kubectl_(kubectl), api_(api), request_(request) {}

  SyncOutcome run() {
    plan();
    if (request_.policy)
      outcome_.plan.report.policy = pipeline::check_admission(api_, outcome_.plan, kFieldManager);
    if (!request_.dry_run && !outcome_.denied()) {
      auto lock = take_lock();
      util::fault_point("locked");
      record_union();
      util::fault_point("recorded-union");
      if (run_hooks_at(manifest::HookPhase::pre_sync, lock)) {
        apply(lock);
        util::fault_point("applied");
        prune();
        util::fault_point("pruned");
        if (outcome_.applied_all() && outcome_.healthy())
          run_hooks_at(manifest::HookPhase::sync, lock);
        wait(lock);
        if (outcome_.succeeded())
          run_hooks_at(manifest::HookPhase::post_sync, lock);
      }
      if (!outcome_.succeeded())
        run_hooks_at(manifest::HookPhase::sync_fail, lock);
      record();
    }
    outcome_.app = std::move(app_);
    return std::move(outcome_);
  }

 private:
  // Everything is validated and planned before the first write.
  void plan() {
    const auto record = load_record(api_, request_.record_namespace, request_.app);
    if (record)
      refuse(*record);
    plan_against(record);
    planned_on_record_ = record.has_value();
    app_ = record ? *record : AppRecord{};
    app_.name = request_.app;
    app_.record_namespace = request_.record_namespace;
    app_.repository = request_.source.repository->location().string();
    app_.paths = request_.source.paths;
    app_.prune = request_.prune;
    const auto& commit = *request_.source.commit;
    auto& entry = outcome_.record;
    entry.commit = commit.sha;
    entry.subject = commit.subject;
    entry.author = commit.author_name + " <" + commit.author_email + ">";
    entry.commit_time = commit.time;
    entry.kind = request_.kind;
    entry.unchanged = outcome_.plan.report.changes.counts().unchanged;
  }

  // A pinned app, or one synced from other paths, is refused.
  void refuse(const AppRecord& record) const {
    if (record.pin && !request_.sync_pinned)
      refuse_pinned(record);
    require_recorded_paths(record, request_.source.paths, request_.change_paths);
  }

  void plan_against(const std::optional<AppRecord>& record) {
    outcome_.plan = make_plan(kubectl_, api_, request_, record);
    waves_ = group_by_wave(pointers_to(outcome_.plan.desired));  // a bad wave is refused here
    outcome_.prune = plan_prune(outcome_.plan.report.changes, request_.prune);
    refuse_empty_prune(outcome_.plan.desired, outcome_.prune, request_.app,
                       describe_revision(request_.source));
  }

  // Another sync may have finished between planning and locking: then plan again on its record.
  AppLock take_lock() {
    ensure_record_namespace(api_, request_.record_namespace);
    auto& entry = outcome_.record;
    entry.synced_by = kube::current_user(api_);
    auto lock = AppLock::acquire(api_, request_.record_namespace, request_.app,
                                 entry.synced_by + " (pid " + std::to_string(getpid()) + ")");
    const auto locked = load_record(api_, request_.record_namespace, request_.app);
    if (locked && (!planned_on_record_ || !same_history(*locked))) {
      refuse(*locked);
      app_.objects = locked->objects;
      app_.history = locked->history;
      plan_against(locked);
    }
    return lock;
  }

  bool same_history(const AppRecord& locked) const {
    return locked.history.size() == app_.history.size() &&
           (locked.history.empty() ||
            locked.history.front().synced_at == app_.history.front().synced_at);
  }

  // Crash safety: until the sync is done the record holds both sets, so nothing is forgotten.
  void record_union() {
    new_members_ = desired_members(outcome_.plan.desired);
    app_.objects = union_of(app_.objects, new_members_);
    save_record(api_, app_);
  }

  // Wave by wave, lowest first: a wave that fails to apply, or with --wait does not become
  // healthy, leaves the later waves unapplied.
  void apply(AppLock& lock) {
    std::map<manifest::ObjectId, diff::Action> actions;
    for (const auto& change : outcome_.plan.report.changes.objects)
      actions[change.id] = change.action;
    std::size_t total = 0;
    for (const auto& object : outcome_.plan.desired) {
      const auto action = actions[object.id];
      total += action == diff::Action::create || action == diff::Action::update;
    }
    std::size_t done_before = 0;
    for (std::size_t wave = 0; wave < waves_.size(); ++wave) {
      std::vector<const manifest::Object*> to_apply;
      for (const auto* object : waves_[wave]) {
        const auto action = actions[object->id];
        if (action == diff::Action::create || action == diff::Action::update)
          to_apply.push_back(object);
      }
      ApplyOptions options;
      options.force_conflicts = request_.force_conflicts;
      if (request_.progress) {
        options.progress = [&](std::size_t done, std::size_t) {
          request_.progress(done_before + done, total);
        };
      }
      options.between_phases = [&] { lock.renew(); };
      auto applied = apply_objects(api_, to_apply, outcome_.plan.discovery, options);
      done_before += to_apply.size();
      auto& all = outcome_.applied;
      all.applied.insert(all.applied.end(), applied.applied.begin(), applied.applied.end());
      all.failed.insert(all.failed.end(), applied.failed.begin(), applied.failed.end());
      if (!applied.failed.empty())
        return;
      if (request_.wait && wave + 1 < waves_.size()) {
        wait_for(waves_[wave], lock);
        if (!outcome_.healthy())
          return;
      }
    }
  }

  void prune() {
    if (!outcome_.prune.to_delete.empty()) {
      outcome_.prune_failures =
          delete_objects(api_, outcome_.prune.to_delete, outcome_.plan.discovery);
    }
  }

  // The hooks of one point of the sync, waited on; false when one failed.
  bool run_hooks_at(manifest::HookPhase phase, AppLock& lock) {
    auto options = request_.wait ? *request_.wait : WaitOptions{};
    options.timeout = request_.hook_timeout;
    const auto runs = run_hooks(api_, outcome_.plan.discovery, request_.app, outcome_.plan.hooks,
                                phase, renewing(options, lock));
    outcome_.hooks.insert(outcome_.hooks.end(), runs.begin(), runs.end());
    return std::all_of(runs.begin(), runs.end(), [](const HookRun& run) { return run.succeeded; });
  }

  // --wait (or post-sync hooks, which run once the app is healthy): every object the revision
  // declares, applied now or before, must be healthy; the lock is renewed while waiting, however
  // long the timeout.
  void wait(AppLock& lock) {
    const bool post_sync_hooks =
        !hooks_at(outcome_.plan.hooks, manifest::HookPhase::post_sync).empty();
    if ((!request_.wait && !post_sync_hooks) || !outcome_.succeeded())
      return;
    wait_for(pointers_to(outcome_.plan.desired), lock);
  }

  WaitOptions wait_options() const {
    if (request_.wait)
      return *request_.wait;
    WaitOptions options;
    options.timeout = request_.hook_timeout;
    return options;
  }

  void wait_for(const std::vector<const manifest::Object*>& objects, AppLock& lock) {
    outcome_.health =
        wait_until_healthy(api_, outcome_.plan.discovery, objects, renewing(wait_options(), lock));
  }

  // The options with a progress that also renews the lock, however long the wait.
  static WaitOptions renewing(WaitOptions options, AppLock& lock) {
    options.progress = [&lock, renewed = std::chrono::steady_clock::now(),
                        shown =
                            options.progress](const std::vector<ObjectHealth>& waiting) mutable {
      if (std::chrono::steady_clock::now() - renewed > AppLock::kDuration / 3) {
        lock.renew();
        renewed = std::chrono::steady_clock::now();
      }
      if (shown)
        shown(waiting);
    };
    return options;
  }

  // What stays recorded: what git declares, plus what was not pruned (kept, opted out, failed);
  // and a history entry, whether the sync succeeded or not.
  void record() {
    const auto& prune = outcome_.prune;
    std::vector<MemberObject> kept = prune.would_prune;
    kept.insert(kept.end(), prune.opted_out.begin(), prune.opted_out.end());
    for (const auto& failure : outcome_.prune_failures) {
      for (const auto& member : prune.to_delete) {
        if (member.id == failure.id)
          kept.push_back(member);
      }
    }
    app_.objects = union_of(new_members_, kept);

    auto& entry = outcome_.record;
    count_changes(entry);
    entry.synced_at = kube::rfc3339_now();
    const auto* failed_hook = outcome_.failed_hook();
    entry.result = !outcome_.applied_all() || failed_hook ? SyncResult::failed
                   : outcome_.healthy()                   ? SyncResult::succeeded
                                                          : SyncResult::unhealthy;
    if (!outcome_.applied_all()) {
      const auto& first = outcome_.applied.failed.empty() ? outcome_.prune_failures.front()
                                                          : outcome_.applied.failed.front();
      entry.message = first.id.to_string() + ": " + first.reason;
    } else if (failed_hook) {
      entry.message = describe(*failed_hook);
    } else if (!outcome_.healthy()) {
      entry.message = describe_unhealthy(*outcome_.health, wait_options().timeout);
    } else {
      entry.message = request_.reason;
    }
    app_.add_history(entry);
    if (request_.pin && outcome_.succeeded())
      app_.pin = Pin{entry.commit, entry.subject, entry.synced_at, entry.synced_by};
    save_record(api_, app_);
  }

  void count_changes(SyncRecord& entry) const {
    const std::set<manifest::ObjectId> applied(outcome_.applied.applied.begin(),
                                               outcome_.applied.applied.end());
    for (const auto& change : outcome_.plan.report.changes.objects) {
      if (!applied.contains(change.id))
        continue;
      if (change.action == diff::Action::create)
        ++entry.created;
      if (change.action == diff::Action::update)
        ++entry.updated;
    }
    entry.failed =
        static_cast<int>(outcome_.applied.failed.size() + outcome_.prune_failures.size());
    entry.pruned =
        static_cast<int>(outcome_.prune.to_delete.size() - outcome_.prune_failures.size());
  }

  const kube::Kubectl& kubectl_;
  kube::ApiClient& api_;
  const SyncRequest& request_;
  SyncOutcome outcome_;
  AppRecord app_;
  bool planned_on_record_ = false;
  std::vector<MemberObject> new_members_;
  std::vector<std::vector<const manifest::Object*>> waves_;
};

}  // namespace

SyncOutcome sync_app(const kube::Kubectl& kubectl, kube::ApiClient& api,
                     const SyncRequest& request) {
  return Sync(kubectl, api, request).run();
}

}  // namespace gitops::sync
