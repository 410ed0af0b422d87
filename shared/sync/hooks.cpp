#include "sync/hooks.hpp"

#include <chrono>
#include <thread>

#include "kube/api_requests.hpp"
#include "sync/waves.hpp"

namespace gitops::sync {

namespace {

using Clock = std::chrono::steady_clock;

std::string named(const manifest::ObjectId& id) {
  return id.kind + " " + (id.namespace_.empty() ? "" : id.namespace_ + "/") + id.name;
}

std::string metadata_text(const manifest::Value& object, const char* key) {
  const auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object())
    return "";
  const auto value = metadata->find(key);
  return value != metadata->end() && value->is_string() ? value->get<std::string>() : "";
}

// One hook of one run: where it lives, and what became of it.
class HookAttempt {
 public:
  HookAttempt(kube::ApiClient& api, const kube::ResourceType& type, const manifest::Object& hook,
              const std::string& app, manifest::HookPhase phase)
      : api_(api), type_(type), hook_(hook), spec_(*manifest::hook_spec(hook)), app_(app) {
    run_.id = hook.id;
    run_.api_version = hook.api_version;
    run_.phase = phase;
  }

  // Removes what an earlier run left (before-hook-creation), then creates the hook. False, with
  // the reason in the run, when it could not be created.
  bool start(Clock::time_point deadline) {
    if (spec_.delete_before_creation && !remove_earlier(deadline))
      return false;
    auto body = hook_.body;
    body["metadata"]["labels"][kHookOfLabel] = app_;
    const auto response = api_.send(kube::create_request(collection(), body));
    if (response.status == 409) {
      return fail(
          "already exists: an earlier run left it; give it the delete policy "
          "before-hook-creation (the default) or a metadata.generateName");
    }
    if (!response.ok())
      return fail("cannot be created: " + response.reason());
    const auto created = manifest::Value::parse(response.body, nullptr, false);
    if (!created.is_discarded())
      run_.id.name = metadata_text(created, "name");
    return true;
  }

  // What the wait saw: the hook's end; then its delete policy.
  void finish(const Health& health, bool timed_out, const std::string& timeout) {
    run_.succeeded = health.state == HealthState::current;
    if (run_.succeeded) {
    } else if (timed_out) {
      run_.reason =
          "not complete within " + timeout + (health.reason.empty() ? "" : ": " + health.reason);
    } else if (health.state == HealthState::failed) {
      run_.reason = health.reason;
    } else {
      run_.reason = "not waited for: another hook of its wave failed";
    }
    if ((run_.succeeded && spec_.delete_on_success) ||
        (!run_.succeeded && spec_.delete_on_failure)) {
      api_.send(kube::delete_request(path(run_.id.name)));
    }
  }

  manifest::Object created() const { return {run_.id, run_.api_version, hook_.body, hook_.source}; }
  const HookRun& run() const { return run_; }

 private:
  bool fail(const std::string& reason) {
    run_.reason = reason;
    return false;
  }

  std::string collection() const {
    return kube::collection_path(hook_.api_version, type_.resource,
                                 type_.namespaced ? hook_.id.namespace_ : "");
  }
  std::string path(const std::string& name) const {
    return kube::object_path(hook_.api_version, type_.resource,
                             type_.namespaced ? hook_.id.namespace_ : "", name);
  }

  // A named hook: its object, gone before the new one is created. A generated one: the objects
  // an earlier run generated from the same prefix for this app.
  bool remove_earlier(Clock::time_point deadline) {
    if (manifest::has_generated_name(hook_)) {
      const auto listed = api_.get(
          collection() + "?labelSelector=" + std::string("gitops.kubectl.dev%2Fhook-of%3D") + app_);
      if (!listed.ok())
        return fail("cannot list earlier runs: " + listed.reason());
      const auto items = manifest::Value::parse(listed.body, nullptr, false);
      if (items.is_discarded() || !items.contains("items") || !items["items"].is_array())
        return true;
      for (const auto& item : items["items"]) {
        if (metadata_text(item, "generateName") == hook_.id.name)
          api_.send(kube::delete_request(path(metadata_text(item, "name"))));
      }
      return true;
    }
    const auto deleted = api_.send(kube::delete_request(path(hook_.id.name)));
    if (deleted.status == 404)
      return true;
    if (!deleted.ok())
      return fail("cannot delete its earlier run: " + deleted.reason());
    while (api_.get(path(hook_.id.name)).status != 404) {
      if (Clock::now() > deadline)
        return fail("its earlier run is still being deleted");
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return true;
  }

  kube::ApiClient& api_;
  const kube::ResourceType& type_;
  const manifest::Object& hook_;
  manifest::HookSpec spec_;
  std::string app_;
  HookRun run_;
};

}  // namespace

std::string describe(const HookRun& run) {
  return std::string(manifest::to_string(run.phase)) + " hook " + named(run.id) +
         (run.succeeded ? " succeeded" : " failed: " + run.reason);
}

std::vector<const manifest::Object*> hooks_at(const std::vector<manifest::Object>& hooks,
                                              manifest::HookPhase phase) {
  std::vector<const manifest::Object*> at;
  for (const auto& hook : hooks) {
    if (manifest::hook_spec(hook)->runs_at(phase))
      at.push_back(&hook);
  }
  std::vector<const manifest::Object*> ordered;
  for (const auto& wave : group_by_wave(at))
    ordered.insert(ordered.end(), wave.begin(), wave.end());
  return ordered;
}

std::vector<HookRun> run_hooks(kube::ApiClient& api, const kube::Discovery& discovery,
                               const std::string& app, const std::vector<manifest::Object>& hooks,
                               manifest::HookPhase phase, const WaitOptions& wait) {
  std::vector<HookRun> runs;
  for (const auto& wave : group_by_wave(hooks_at(hooks, phase))) {
    const auto deadline = Clock::now() + wait.timeout;
    std::vector<HookAttempt> attempts;
    attempts.reserve(wave.size());
    bool failed = false;
    for (const auto* hook : wave) {
      const auto* type = discovery.find(hook->id.group, hook->id.kind);
      if (!type) {
        runs.push_back({hook->id, hook->api_version, phase, false, "its kind is not served"});
        failed = true;
        continue;
      }
      attempts.emplace_back(api, *type, *hook, app, phase);
      if (!attempts.back().start(deadline)) {
        runs.push_back(attempts.back().run());
        attempts.pop_back();
        failed = true;
      }
    }
    std::vector<manifest::Object> created;
    for (const auto& attempt : attempts)
      created.push_back(attempt.created());
    std::vector<const manifest::Object*> waited;
    for (const auto& object : created)
      waited.push_back(&object);
    auto options = wait;
    options.until_complete = true;
    options.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::max(Clock::duration::zero(), deadline - Clock::now()));
    const auto outcome = wait_until_healthy(api, discovery, waited, options);
    for (auto& attempt : attempts) {
      Health health{HealthState::in_progress, "not looked at"};
      for (const auto& object : outcome.objects) {
        if (object.id == attempt.run().id)
          health = object.health;
      }
      attempt.finish(health, outcome.timed_out, format_duration(wait.timeout));
      failed = failed || !attempt.run().succeeded;
      runs.push_back(attempt.run());
    }
    if (failed)
      break;
  }
  return runs;
}

}  // namespace gitops::sync
