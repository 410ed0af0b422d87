#include "sync/wait.hpp"

#include <algorithm>
#include <set>
#include <thread>

#include "kube/api_requests.hpp"

namespace gitops::sync {

namespace {

using Clock = std::chrono::steady_clock;

int severity(HealthState state) {
  switch (state) {
    case HealthState::failed:
      return 0;
    case HealthState::terminating:
    case HealthState::in_progress:
      return 1;
    case HealthState::current:
      return 2;
  }
  return 1;
}

bool runs_pods(const manifest::ObjectId& id) {
  static const std::set<std::pair<std::string, std::string>> kinds = {{"apps", "Deployment"},
                                                                      {"apps", "StatefulSet"},
                                                                      {"apps", "DaemonSet"},
                                                                      {"apps", "ReplicaSet"},
                                                                      {"batch", "Job"}};
  return kinds.contains({id.group, id.kind});
}

// "app=web,tier=front" from spec.selector.matchLabels (a Job's too); "" when it has none.
std::string label_selector(const manifest::Value& live) {
  const auto* spec = live.contains("spec") ? &live["spec"] : nullptr;
  if (!spec || !spec->contains("selector") || !(*spec)["selector"].contains("matchLabels"))
    return "";
  std::string selector;
  for (const auto& [key, value] : (*spec)["selector"]["matchLabels"].items()) {
    if (value.is_string())
      selector += (selector.empty() ? "" : ",") + key + "=" + value.get<std::string>();
  }
  return selector;
}

std::string query_escaped(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '=')
      escaped += "%3D";
    else if (c == ',')
      escaped += "%2C";
    else
      escaped += c;
  }
  return escaped;
}

manifest::Value get_json(kube::ApiClient& api, const std::string& path) {
  const auto response = api.get(path);
  if (!response.ok())
    return manifest::Value();
  return manifest::Value::parse(response.body, nullptr, false);
}

std::string annotation(const manifest::Value& object, const char* key) {
  const auto& metadata = object.contains("metadata") ? object["metadata"] : manifest::Value();
  if (!metadata.is_object() || !metadata.contains("annotations") ||
      !metadata["annotations"].contains(key) || !metadata["annotations"][key].is_string())
    return "";
  return metadata["annotations"][key].get<std::string>();
}

// A Job has no observedGeneration: its pods are always its own.
bool generation_observed(const manifest::ObjectId& id, const manifest::Value& live) {
  const bool has_status = live.contains("status") && live["status"].is_object();
  if (!has_status || !live["status"].contains("observedGeneration"))
    return id.kind == "Job";
  const auto generation = live.contains("metadata") ? live["metadata"].value("generation", 0) : 0;
  return live["status"].value("observedGeneration", 0) >= generation;
}

// The selector of the pods the workload's current revision runs: a rollout away from a broken
// revision still has the broken pods for a while, and they must not fail the new one. nullopt
// when that revision has no pods yet.
std::optional<std::string> current_pods_selector(kube::ApiClient& api, const manifest::ObjectId& id,
                                                 const manifest::Value& live) {
  const auto selector = label_selector(live);
  if (selector.empty())
    return std::nullopt;
  if (id.kind == "StatefulSet") {
    const auto& status = live.contains("status") ? live["status"] : manifest::Value();
    if (status.is_object() && status.contains("updateRevision"))
      return selector + ",controller-revision-hash=" + status["updateRevision"].get<std::string>();
    return selector;
  }
  if (id.kind != "Deployment")
    return selector;
  // The Deployment's new ReplicaSet carries the Deployment's revision; its pods its hash.
  const auto revision = annotation(live, "deployment.kubernetes.io/revision");
  const auto sets = get_json(api, kube::collection_path("apps/v1", "replicasets", id.namespace_) +
                                      "?labelSelector=" + query_escaped(selector));
  if (revision.empty() || !sets.is_object() || !sets.contains("items"))
    return std::nullopt;
  for (const auto& set : sets["items"]) {
    if (annotation(set, "deployment.kubernetes.io/revision") != revision)
      continue;
    const auto& labels = set["metadata"].value("labels", manifest::Value::object());
    if (labels.contains("pod-template-hash") && labels["pod-template-hash"].is_string())
      return selector + ",pod-template-hash=" + labels["pod-template-hash"].get<std::string>();
  }
  return std::nullopt;
}

// The first of the workload's current pods that cannot get well by waiting.
std::optional<std::string> failing_pod(kube::ApiClient& api, const manifest::ObjectId& id,
                                       const manifest::Value& live) {
  const auto selector = current_pods_selector(api, id, live);
  if (!selector)
    return std::nullopt;
  const auto pods = get_json(api, kube::collection_path("v1", "pods", id.namespace_) +
                                      "?labelSelector=" + query_escaped(*selector));
  if (!pods.is_object() || !pods.contains("items") || !pods["items"].is_array())
    return std::nullopt;
  for (const auto& pod : pods["items"]) {
    if (auto failure = pod_failure(pod))
      return failure;
  }
  return std::nullopt;
}

// The object's health from the server's answer to a GET of it.
Health health_from(kube::ApiClient& api, const ObjectHealth& object,
                   const kube::HttpResponse& response, bool until_complete) {
  if (response.status == 404)
    return {HealthState::in_progress, "not found"};
  if (!response.ok())
    return {HealthState::in_progress, "cannot be read: " + response.reason()};
  const auto live = manifest::Value::parse(response.body, nullptr, false);
  if (live.is_discarded())
    return {HealthState::in_progress, "cannot be read: the server's answer is not JSON"};
  auto health = until_complete ? assess_completion(live) : assess_health(live);
  // Until its controller has observed the new generation, a workload's revision annotations and
  // status still describe the old one, whose pods are not the new one's to answer for.
  if (health.state == HealthState::in_progress && runs_pods(object.id) &&
      generation_observed(object.id, live)) {
    if (auto failure = failing_pod(api, object.id, live))
      return {HealthState::failed, *failure};
  }
  return health;
}

// One look at every object not yet current, all reads in flight at once.
void look_at(kube::ApiClient& api, const kube::Discovery& discovery,
             std::vector<ObjectHealth*>& unfinished, bool until_complete) {
  std::vector<kube::HttpRequest> reads;
  std::vector<ObjectHealth*> read_objects;
  for (auto* object : unfinished) {
    const auto* type = discovery.find(object->id.group, object->id.kind);
    if (!type) {
      object->health = {HealthState::in_progress, "its kind is not served yet"};
      continue;
    }
    reads.push_back({"GET", kube::object_path(*type, object->api_version, object->id)});
    read_objects.push_back(object);
  }
  const auto responses = api.send_all(reads, 16);
  for (std::size_t i = 0; i < responses.size(); ++i)
    read_objects[i]->health = health_from(api, *read_objects[i], responses[i], until_complete);
}

}  // namespace

std::vector<ObjectHealth> WaitOutcome::culprits() const {
  std::vector<ObjectHealth> found;
  for (const auto& object : objects) {
    if (object.health.state == HealthState::failed ||
        (timed_out && object.health.state != HealthState::current)) {
      found.push_back(object);
    }
  }
  return found;
}

WaitOutcome wait_until_healthy(kube::ApiClient& api, const kube::Discovery& discovery,
                               const std::vector<const manifest::Object*>& objects,
                               const WaitOptions& options) {
  WaitOutcome outcome;
  for (const auto* object : objects)
    outcome.objects.push_back({object->id, object->api_version, {HealthState::in_progress, ""}});
  const auto deadline = Clock::now() + options.timeout;
  while (true) {
    std::vector<ObjectHealth*> unfinished;  // once current, an object is not looked at again
    for (auto& object : outcome.objects) {
      if (object.health.state != HealthState::current)
        unfinished.push_back(&object);
    }
    look_at(api, discovery, unfinished, options.until_complete);
    std::vector<ObjectHealth> waiting;
    bool failed = false;
    for (const auto* object : unfinished) {
      failed = failed || object->health.state == HealthState::failed;
      if (object->health.state != HealthState::current)
        waiting.push_back(*object);
    }
    if (options.progress)
      options.progress(waiting);
    if (waiting.empty() || failed) {
      outcome.healthy = !failed;
      break;
    }
    if (Clock::now() + options.interval > deadline) {
      outcome.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(options.interval);
  }
  std::stable_sort(outcome.objects.begin(), outcome.objects.end(),
                   [](const ObjectHealth& a, const ObjectHealth& b) {
                     return severity(a.health.state) < severity(b.health.state);
                   });
  return outcome;
}

std::string describe_health(const ObjectHealth& object) {
  const auto& id = object.id;
  std::string text = id.kind + " " + (id.namespace_.empty() ? "" : id.namespace_ + "/") + id.name;
  if (!object.health.reason.empty())
    text += ": " + object.health.reason;
  return text;
}

std::string format_duration(std::chrono::milliseconds duration) {
  const auto ms = duration.count();
  if (ms < 1000)
    return std::to_string(ms) + "ms";
  const auto seconds = ms / 1000;
  std::string text;
  if (seconds >= 3600)
    text += std::to_string(seconds / 3600) + "h";
  if (seconds >= 60)
    text += std::to_string(seconds / 60 % 60) + "m";
  return text + std::to_string(seconds % 60) + "s";
}

std::string describe_unhealthy(const WaitOutcome& outcome, std::chrono::milliseconds timeout) {
  const auto culprits = outcome.culprits();
  const std::string first = culprits.empty() ? "" : describe_health(culprits.front());
  const std::string more =
      culprits.size() > 1 ? " (and " + std::to_string(culprits.size() - 1) + " more)" : "";
  if (outcome.timed_out)
    return "not healthy within " + format_duration(timeout) + ": " + first + more;
  return "unhealthy: " + first + more;
}

}  // namespace gitops::sync
