#include "sync/health.hpp"

#include <set>

namespace gitops::sync {

namespace {

using manifest::Value;
using enum HealthState;

const Value kNull;

const Value& at(const Value& object, std::initializer_list<const char*> path) {
  const Value* here = &object;
  for (const char* key : path) {
    if (!here->is_object() || !here->contains(key))
      return kNull;
    here = &(*here)[key];
  }
  return *here;
}

std::optional<std::int64_t> number_at(const Value& object,
                                      std::initializer_list<const char*> path) {
  const auto& value = at(object, path);
  if (value.is_number_integer())
    return value.get<std::int64_t>();
  return std::nullopt;
}

std::int64_t count_at(const Value& object, std::initializer_list<const char*> path) {
  return number_at(object, path).value_or(0);
}

std::string text_at(const Value& object, std::initializer_list<const char*> path) {
  const auto& value = at(object, path);
  return value.is_string() ? value.get<std::string>() : "";
}

// The status condition of `type`, or null.
const Value* condition(const Value& object, const std::string& type) {
  const auto& conditions = at(object, {"status", "conditions"});
  if (!conditions.is_array())
    return nullptr;
  for (const auto& entry : conditions) {
    if (entry.is_object() && entry.value("type", "") == type)
      return &entry;
  }
  return nullptr;
}

bool condition_is(const Value& object, const std::string& type, const std::string& status) {
  const auto* found = condition(object, type);
  return found && found->value("status", "") == status;
}

// "reason: message" of a condition, whichever parts it has.
std::string condition_words(const Value& entry) {
  const std::string reason = entry.value("reason", "");
  const std::string message = entry.value("message", "");
  if (reason.empty())
    return message;
  return message.empty() ? reason : reason + ": " + message;
}

Health in_progress_because(std::string reason) {
  return {in_progress, std::move(reason)};
}

std::string of(std::int64_t done, std::int64_t wanted, const std::string& what) {
  return std::to_string(done) + " of " + std::to_string(wanted) + " " + what;
}

bool is_apps_workload(const std::string& kind) {
  static const std::set<std::string> kinds = {"Deployment", "StatefulSet", "DaemonSet",
                                              "ReplicaSet"};
  return kinds.contains(kind);
}

Health deployment(const Value& live) {
  if (const auto* progressing = condition(live, "Progressing");
      progressing && progressing->value("reason", "") == "ProgressDeadlineExceeded") {
    return {failed, "progress deadline exceeded: " + progressing->value("message", "")};
  }
  const auto wanted = number_at(live, {"spec", "replicas"}).value_or(1);
  const auto updated = count_at(live, {"status", "updatedReplicas"});
  const auto replicas = count_at(live, {"status", "replicas"});
  const auto available = count_at(live, {"status", "availableReplicas"});
  if (updated < wanted)
    return in_progress_because(of(updated, wanted, "replicas updated"));
  if (replicas > updated)
    return in_progress_because(std::to_string(replicas - updated) +
                               " old replicas pending termination");
  if (available < updated)
    return in_progress_because(of(available, updated, "updated replicas available"));
  return {};
}

Health stateful_set(const Value& live) {
  if (text_at(live, {"spec", "updateStrategy", "type"}) == "OnDelete")
    return {};
  const auto wanted = number_at(live, {"spec", "replicas"}).value_or(1);
  const auto ready = count_at(live, {"status", "readyReplicas"});
  if (ready < wanted)
    return in_progress_because(of(ready, wanted, "replicas ready"));
  if (const auto partition =
          number_at(live, {"spec", "updateStrategy", "rollingUpdate", "partition"});
      partition && *partition > 0) {
    const auto updated = count_at(live, {"status", "updatedReplicas"});
    if (updated < wanted - *partition)
      return in_progress_because(of(updated, wanted - *partition, "partitioned replicas updated"));
    return {};
  }
  const auto update = text_at(live, {"status", "updateRevision"});
  if (update != text_at(live, {"status", "currentRevision"}))
    return in_progress_because("rolling update to revision " + update);
  return {};
}

Health daemon_set(const Value& live) {
  const auto desired = count_at(live, {"status", "desiredNumberScheduled"});
  const auto updated = count_at(live, {"status", "updatedNumberScheduled"});
  const auto available = count_at(live, {"status", "numberAvailable"});
  if (updated < desired)
    return in_progress_because(of(updated, desired, "pods updated"));
  if (available < desired)
    return in_progress_because(of(available, desired, "pods available"));
  return {};
}

Health replica_set(const Value& live) {
  const auto wanted = number_at(live, {"spec", "replicas"}).value_or(1);
  const auto available = count_at(live, {"status", "availableReplicas"});
  if (available < wanted)
    return in_progress_because(of(available, wanted, "replicas available"));
  return {};
}

Health job(const Value& live) {
  if (const auto* failure = condition(live, "Failed");
      failure && failure->value("status", "") == "True") {
    return {failed, "job failed: " + condition_words(*failure)};
  }
  if (condition_is(live, "Complete", "True"))
    return {};
  return in_progress_because("running (" + std::to_string(count_at(live, {"status", "succeeded"})) +
                             " succeeded, " + std::to_string(count_at(live, {"status", "failed"})) +
                             " failed)");
}

Health pod(const Value& live) {
  const auto phase = text_at(live, {"status", "phase"});
  if (phase == "Succeeded")
    return {};
  if (auto failure = pod_failure(live))
    return {failed, *failure};
  if (condition_is(live, "Ready", "True"))
    return {};
  return in_progress_because(phase.empty() ? "not ready" : "not ready (" + phase + ")");
}

Health claim(const Value& live) {
  const auto phase = text_at(live, {"status", "phase"});
  if (phase == "Bound")
    return {};
  return in_progress_because("not bound" + (phase.empty() ? "" : " (" + phase + ")"));
}

Health definition(const Value& live) {
  if (const auto* names = condition(live, "NamesAccepted");
      names && names->value("status", "") == "False") {
    return {failed, "names not accepted: " + condition_words(*names)};
  }
  if (condition_is(live, "Established", "True"))
    return {};
  return in_progress_because("not established");
}

Health by_condition(const Value& live, const std::string& type) {
  const auto* entry = condition(live, type);
  if (!entry || entry->value("status", "") == "True")
    return {};
  const auto words = condition_words(*entry);
  return in_progress_because(type + " is " + entry->value("status", "Unknown") +
                             (words.empty() ? "" : ": " + words));
}

Health by_kind(const Value& live) {
  const std::string kind = live.value("kind", "");
  const std::string group = [&] {
    const std::string api_version = live.value("apiVersion", "");
    const auto slash = api_version.find('/');
    return slash == std::string::npos ? std::string() : api_version.substr(0, slash);
  }();
  if (group == "apps" && kind == "Deployment")
    return deployment(live);
  if (group == "apps" && kind == "StatefulSet")
    return stateful_set(live);
  if (group == "apps" && kind == "DaemonSet")
    return daemon_set(live);
  if (group == "apps" && kind == "ReplicaSet")
    return replica_set(live);
  if (group == "batch" && kind == "Job")
    return job(live);
  if (group.empty() && kind == "Pod")
    return pod(live);
  if (group.empty() && kind == "PersistentVolumeClaim")
    return claim(live);
  if (group == "apiextensions.k8s.io" && kind == "CustomResourceDefinition")
    return definition(live);
  if (group == "apiregistration.k8s.io" && kind == "APIService")
    return by_condition(live, "Available");
  return by_condition(live, "Ready");
}

}  // namespace

Health assess_health(const Value& live) {
  if (!at(live, {"metadata", "deletionTimestamp"}).is_null())
    return {terminating, "being deleted"};
  const auto generation = number_at(live, {"metadata", "generation"});
  const auto observed = number_at(live, {"status", "observedGeneration"});
  if (generation && observed && *observed < *generation) {
    return in_progress_because("generation " + std::to_string(*generation) +
                               " not observed yet (observed " + std::to_string(*observed) + ")");
  }
  if (!observed && is_apps_workload(live.value("kind", "")))
    return in_progress_because("not observed by its controller yet");
  if (const auto* stalled = condition(live, "Stalled");
      stalled && stalled->value("status", "") == "True") {
    return {failed, "stalled: " + condition_words(*stalled)};
  }
  if (condition_is(live, "Reconciling", "True"))
    return in_progress_because("reconciling: " + condition_words(*condition(live, "Reconciling")));
  return by_kind(live);
}

Health assess_completion(const Value& live) {
  if (live.value("kind", "") != "Pod" || live.value("apiVersion", "") != "v1")
    return assess_health(live);
  if (!at(live, {"metadata", "deletionTimestamp"}).is_null())
    return {terminating, "being deleted"};
  const auto phase = text_at(live, {"status", "phase"});
  if (phase == "Succeeded")
    return {};
  if (auto failure = pod_failure(live))
    return {failed, *failure};
  return in_progress_because(phase.empty() ? "not started" : "running (" + phase + ")");
}

std::optional<std::string> pod_failure(const Value& pod) {
  const std::string name = text_at(pod, {"metadata", "name"});
  for (const char* list : {"initContainerStatuses", "containerStatuses"}) {
    const auto& statuses = at(pod, {"status", list});
    if (!statuses.is_array())
      continue;
    for (const auto& status : statuses) {
      const std::string container = status.value("name", "");
      const std::string waiting = text_at(status, {"state", "waiting", "reason"});
      const auto exit_code = number_at(status, {"lastState", "terminated", "exitCode"});
      const std::string exit = exit_code ? " (exit " + std::to_string(*exit_code) + ")" : "";
      if (waiting == "CrashLoopBackOff" || waiting == "ImagePullBackOff" ||
          waiting == "ErrImagePull" || waiting == "CreateContainerConfigError") {
        return "pod " + name + " container " + container + " " + waiting + exit;
      }
    }
  }
  if (text_at(pod, {"status", "phase"}) == "Failed") {
    const auto& statuses = at(pod, {"status", "containerStatuses"});
    if (statuses.is_array()) {
      for (const auto& status : statuses) {
        const auto code = number_at(status, {"state", "terminated", "exitCode"});
        if (code && *code != 0) {
          return "pod " + name + " container " + status.value("name", "") + " failed (exit " +
                 std::to_string(*code) + ")";
        }
      }
    }
    const auto reason = text_at(pod, {"status", "reason"});
    return "pod " + name + " failed" + (reason.empty() ? "" : " (" + reason + ")");
  }
  return std::nullopt;
}

std::string to_string(HealthState state) {
  switch (state) {
    case current:
      return "current";
    case in_progress:
      return "in progress";
    case failed:
      return "failed";
    case terminating:
      return "terminating";
  }
  return "unknown";
}

}  // namespace gitops::sync
