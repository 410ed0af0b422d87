#include "agent/round.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "diff/ignore_rules.hpp"
#include "diff/present_policy.hpp"
#include "error.hpp"
#include "git/clone_cache.hpp"
#include "git/remote.hpp"
#include "git/repository.hpp"
#include "git/writer.hpp"
#include "kube/api_requests.hpp"
#include "pipeline/plan.hpp"
#include "sync/apply.hpp"
#include "sync/record_store.hpp"
#include "sync/rollback_on_failure.hpp"
#include "sync/sync_app.hpp"
#include "trust/verify.hpp"
#include "util/secret_text.hpp"

namespace gitops::agent {

namespace {

// The sign-in of a URL's app, read from its files once a round (a rotated token needs no
// restart); nothing for a local repository.
git::RemoteAuth auth_of(const AppSpec& spec) {
  if (!git::is_remote_url(spec.repository))
    return {};
  const auto read = [](const std::string& path) {
    return path.empty() ? std::string() : util::read_secret_file(path);
  };
  return {read(spec.username_file), read(spec.password_file), spec.ssh_key_file,
          spec.known_hosts_file};
}

// Where the app's repository is: the folder it names, or for a URL its bare clone in the cache
// (cloned the first time).
std::filesystem::path local_repository(const AppSpec& spec, const git::RemoteAuth& auth) {
  if (!git::is_remote_url(spec.repository))
    return spec.repository;
  return git::cached_clone(spec.repository, git::default_cache_root(), auth);
}

// The commit the app should run: origin's branch, fetched now, or the revision as it is.
git::Commit wanted_commit(const AppSpec& spec, const std::filesystem::path& local,
                          const git::Repository& repository, const git::RemoteAuth& auth) {
  if (!spec.branch.empty()) {
    auto writer = git::Writer::discover(local);
    if (!git::fetch_branch(writer, "origin", spec.branch, auth))
      throw Error("origin of " + quoted(git::masked_url(spec.repository)) + " has no branch " +
                  quoted(spec.branch));
  }
  return repository.resolve(spec.target_revision());
}

// The newest history entry of `commit`, nullptr when the app never synced it.
const sync::SyncRecord* newest_of(const sync::AppRecord& record, const std::string& commit) {
  for (const auto& entry : record.history) {
    if (entry.commit == commit)
      return &entry;
  }
  return nullptr;
}

sync::SyncRequest request_for(const AppSpec& spec, const git::Repository& repository,
                              const git::Commit& commit, const AppState& state) {
  sync::SyncRequest request;
  request.source.repository = &repository;
  request.source.commit = commit;
  request.source.revision = spec.branch.empty() ? spec.revision : spec.branch;
  request.source.paths = spec.paths;
  request.source.render = spec.render;
  request.source.render.release = spec.name;  // charts release as the app, as gitsync's do
  request.source.ignore = pipeline::ignore_rules_at(repository, commit);
  for (const auto& rule : state.fight_rules)
    request.source.ignore.push_back(diff::parse_ignore_rule(rule));
  request.app = spec.name;
  if (!spec.record_namespace.empty())
    request.record_namespace = spec.record_namespace;
  request.prune = spec.prune;
  // As Flux does: the agent owns what git declares, whoever wrote the field last.
  request.force_conflicts = true;
  request.policy = spec.policy;
  if (spec.wait) {
    request.wait.emplace();
    request.wait->timeout = spec.timeout;
  }
  request.hook_timeout = spec.timeout;
  return request;
}

std::string counts_of(const sync::SyncRecord& record) {
  return std::to_string(record.created) + " created, " + std::to_string(record.updated) +
         " updated, " + std::to_string(record.pruned) + " pruned";
}

Event sync_revision(const AppSpec& spec, const git::Repository& repository,
                    const git::Commit& commit, const AppState& state, const kube::Kubectl& kubectl,
                    kube::ApiClient& api) {
  const auto request = request_for(spec, repository, commit, state);
  const auto outcome = sync::sync_app(kubectl, api, request);
  const auto& record = outcome.record;
  const auto at = git::short_sha(commit.sha) + " (" + commit.subject + ")";
  if (outcome.succeeded())
    return {spec.name, Reason::sync_succeeded, "synced " + at + ": " + counts_of(record),
            commit.sha};
  if (outcome.denied()) {
    const auto& denied = outcome.plan.report.policy->denied;
    return {spec.name, Reason::sync_failed,
            "sync of " + at + " refused, nothing written: " + diff::denial_line(denied.front()) +
                (denied.size() > 1 ? " (and " + std::to_string(denied.size() - 1) + " more)" : ""),
            commit.sha};
  }
  const auto reason = outcome.applied_all() && !outcome.failed_hook() ? Reason::health_check_failed
                                                                      : Reason::sync_failed;
  const auto* target = sync::last_healthy(outcome.app, record.commit);
  if (!spec.rollback_on_failure || !target || outcome.stopped_before_applying())
    return {spec.name, reason, "sync of " + at + " failed: " + record.message, commit.sha};
  const auto rolled_back = sync::roll_back_after_failure(kubectl, api, request, outcome, *target);
  return {spec.name, Reason::rolled_back,
          "sync of " + at + " failed: " + record.message + "; rolled back to " +
              git::short_sha(target->commit) +
              (rolled_back.succeeded() ? "" : ", which failed too: " + rolled_back.record.message),
          commit.sha};
}

// The field manager other than gitsync that owns `path` ("spec.replicas") of the live object, ""
// when none is found.
std::string owner_of(kube::ApiClient& api, const kube::Discovery& discovery,
                     const diff::ObjectChange& change, const std::string& path) {
  const auto* type = discovery.find(change.id.group, change.id.kind);
  if (!type)
    return "";
  const auto response = api.get(kube::object_path(*type, change.api_version, change.id));
  const auto live = manifest::Value::parse(response.body, nullptr, false);
  if (!response.ok() || live.is_discarded() || !live.contains("metadata"))
    return "";
  std::vector<std::string> steps;
  for (std::size_t start = 0; start <= path.size();) {
    auto end = std::min(path.find('.', start), path.size());
    auto step = path.substr(start, end - start);
    if (step.find('[') != std::string::npos)
      break;  // list elements are keyed in managedFields in a way not worth matching here
    steps.push_back("f:" + step);
    start = end + 1;
  }
  for (const auto& entry : live["metadata"].value("managedFields", manifest::Value::array())) {
    const std::string manager = entry.value("manager", "");
    if (manager == sync::kFieldManager || !entry.contains("fieldsV1"))
      continue;
    const manifest::Value* fields = &entry["fieldsV1"];
    bool owns = !steps.empty();
    for (const auto& step : steps) {
      if (!fields->is_object() || !fields->contains(step)) {
        owns = false;
        break;
      }
      fields = &(*fields)[step];
    }
    if (owns)
      return manager;
  }
  return "";
}

// The drifted fields, as "apps/Deployment shop/web spec.replicas".
std::vector<std::pair<const diff::ObjectChange*, std::string>> drifted_fields(
    const diff::ChangeSet& changes) {
  std::vector<std::pair<const diff::ObjectChange*, std::string>> fields;
  for (const auto& change : changes.objects) {
    if (change.action != diff::Action::update)
      continue;
    for (const auto& field : change.fields)
      fields.emplace_back(&change, field.path);
  }
  return fields;
}

Event look_for_drift(const AppSpec& spec, const git::Repository& repository,
                     const git::Commit& commit, const sync::AppRecord& record, AppState& state,
                     const kube::Kubectl& kubectl, kube::ApiClient& api) {
  auto request = request_for(spec, repository, commit, state);
  for (const auto& member : record.objects)
    request.source.inventory.insert(member.id);
  const auto plan = pipeline::plan_against_cluster(kubectl, api, request.source);
  const auto& changes = plan.report.changes;
  int drifted = 0;
  for (const auto& change : changes.objects) {
    drifted += change.action == diff::Action::create || change.action == diff::Action::update ||
               (change.action == diff::Action::remove && spec.prune);
  }
  if (drifted == 0) {
    state.healed.clear();
    return {spec.name, Reason::in_sync, "in sync with " + git::short_sha(commit.sha), commit.sha,
            0};
  }
  const auto what = std::to_string(drifted) + " object" + (drifted == 1 ? "" : "s") +
                    " drifted from " + git::short_sha(commit.sha);
  if (!spec.self_heal)
    return {spec.name, Reason::drift_detected, what, commit.sha, drifted};

  // A field that drifts back round after round is another controller's: say so once, stop.
  std::map<std::string, int> healed;
  std::string fights;
  for (const auto& [change, path] : drifted_fields(changes)) {
    const auto key = change->id.to_string() + " " + path;
    healed[key] = state.healed.contains(key) ? state.healed[key] + 1 : 1;
    if (healed[key] < kFightRounds || state.fights.contains(key))
      continue;
    state.fights.insert(key);
    state.fight_rules.push_back(change->id.group.empty()
                                    ? change->id.kind + ":" + path
                                    : change->id.group + "/" + change->id.kind + ":" + path);
    const auto manager = owner_of(api, plan.discovery, *change, path);
    fights += (fights.empty() ? "" : "; ") + key + " is changed back after every heal" +
              (manager.empty() ? "" : " by field manager " + quoted(manager)) +
              ": a fight, no longer healed";
  }
  state.healed = std::move(healed);
  if (!fights.empty())
    return {spec.name, Reason::drift_detected, what + ": " + fights, commit.sha, drifted};

  request = request_for(spec, repository, commit, state);
  request.reason = "drift corrected: " + what;
  const auto outcome = sync::sync_app(kubectl, api, request);
  if (!outcome.succeeded())
    return {spec.name, Reason::sync_failed, "healing drift failed: " + outcome.record.message,
            commit.sha, drifted};
  return {spec.name, Reason::drift_corrected, what + ", corrected: " + counts_of(outcome.record),
          commit.sha, 0};
}

}  // namespace

const char* to_string(Reason reason) {
  switch (reason) {
    case Reason::sync_succeeded:
      return "SyncSucceeded";
    case Reason::sync_failed:
      return "SyncFailed";
    case Reason::health_check_failed:
      return "HealthCheckFailed";
    case Reason::rolled_back:
      return "RolledBack";
    case Reason::drift_detected:
      return "DriftDetected";
    case Reason::drift_corrected:
      return "DriftCorrected";
    case Reason::in_sync:
      return "InSync";
    case Reason::skipped:
      return "Skipped";
    case Reason::verification_failed:
      return "VerificationFailed";
    case Reason::round_failed:
      return "RoundFailed";
  }
  return "RoundFailed";
}

bool is_error(Reason reason) {
  return reason == Reason::sync_failed || reason == Reason::health_check_failed ||
         reason == Reason::rolled_back || reason == Reason::round_failed ||
         reason == Reason::verification_failed;
}

namespace {

// Why the revision may not be synced (the verifier's one line), nullopt when its signatures (and
// in strict mode those of the commits since the synced one) verify.
std::optional<std::string> verification_refusal(const AppSpec& spec,
                                                const git::Repository& repository,
                                                const git::Commit& commit,
                                                const sync::SyncRecord* current,
                                                const kube::Kubectl& kubectl) {
  try {
    const trust::Verifier verifier(repository, *spec.verify, spec.trust_roots,
                                   {kubectl.options().timeout, kubectl.options().log});
    const auto since = current ? repository.find_commit(current->commit) : std::nullopt;
    verifier.verify_revision(commit, since, spec.paths);
    return std::nullopt;
  } catch (const Error& error) {
    return error.what();
  }
}

}  // namespace

Event run_round(const AppSpec& spec, AppState& state, const kube::Kubectl& kubectl,
                kube::ApiClient& api) {
  const auto auth = auth_of(spec);
  const auto local = local_repository(spec, auth);
  const auto repository = git::Repository::discover(local);
  const auto commit = wanted_commit(spec, local, repository, auth);
  const auto record = sync::load_record(
      api, spec.record_namespace.empty() ? sync::kDefaultRecordNamespace : spec.record_namespace,
      spec.name);
  if (record && record->pin) {
    return {spec.name, Reason::skipped,
            "pinned at " + git::short_sha(record->pin->commit) + " by " + record->pin->pinned_by +
                " (kubectl gitrevert --unpin --app " + spec.name + " releases it)",
            commit.sha};
  }
  if (record && record->suspension) {
    return {spec.name, Reason::skipped,
            "suspended by " + record->suspension->suspended_by + " at " +
                record->suspension->suspended_at + " (kubectl gitsync --resume --app " + spec.name +
                " resumes it)",
            commit.sha};
  }
  const auto* current = record ? record->current() : nullptr;
  if (current && current->commit == commit.sha)
    return look_for_drift(spec, repository, commit, *record, state, kubectl, api);
  // A revision that failed (or was rolled back) is tried once, not every round: a newer commit,
  // or a person running gitsync, moves the app on.
  if (const auto* tried = record ? newest_of(*record, commit.sha) : nullptr;
      tried && tried->result != sync::SyncResult::succeeded) {
    return {spec.name, Reason::skipped,
            git::short_sha(commit.sha) + " " + to_string(tried->result) +
                " before; waiting for a newer commit",
            commit.sha};
  }
  if (spec.verify) {
    if (auto refusal = verification_refusal(spec, repository, commit, current, kubectl))
      return {spec.name, Reason::verification_failed, *refusal, commit.sha};
  }
  return sync_revision(spec, repository, commit, state, kubectl, api);
}

}  // namespace gitops::agent
