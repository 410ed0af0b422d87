#include "sync/apply.hpp"

#include <array>
#include <chrono>
#include <thread>

#include "kube/api_requests.hpp"
#include "manifest/json_parse.hpp"
#include "sync/order.hpp"

namespace gitops::sync {

namespace {

using manifest::Object;
using manifest::Value;

constexpr std::chrono::seconds kEstablishTimeout{60};
constexpr std::chrono::milliseconds kEstablishPoll{100};

std::string conflict_hint(const std::string& reason, bool force_conflicts) {
  if (force_conflicts || reason.find("conflict") == std::string::npos)
    return reason;
  return reason + " (use --force-conflicts to take the fields over)";
}

bool established(const kube::HttpResponse& response) {
  if (!response.ok())
    return false;
  const auto crd = manifest::parse_json(response.body, "a CustomResourceDefinition");
  for (const auto& condition :
       crd.value("status", Value::object()).value("conditions", Value::array())) {
    if (condition.value("type", "") == "Established" && condition.value("status", "") == "True")
      return true;
  }
  return false;
}

// Polls the new CRDs until the server serves their kinds, as `kubectl wait` would.
void wait_established(kube::ApiClient& api, const std::vector<const Object*>& crds,
                      const std::vector<manifest::ObjectId>& applied, ApplyOutcome& outcome) {
  std::vector<const Object*> waiting;
  for (const auto* crd : crds) {
    if (std::find(applied.begin(), applied.end(), crd->id) != applied.end())
      waiting.push_back(crd);
  }
  const auto deadline = std::chrono::steady_clock::now() + kEstablishTimeout;
  while (!waiting.empty()) {
    std::vector<std::string> paths;
    for (const auto* crd : waiting) {
      paths.push_back(kube::object_path("apiextensions.k8s.io/v1", "customresourcedefinitions", "",
                                        crd->id.name));
    }
    const auto responses = api.get_all(paths);
    std::vector<const Object*> still;
    for (std::size_t i = 0; i < waiting.size(); ++i) {
      if (!established(responses[i]))
        still.push_back(waiting[i]);
    }
    waiting = std::move(still);
    if (waiting.empty())
      break;
    if (std::chrono::steady_clock::now() > deadline) {
      for (const auto* crd : waiting) {
        outcome.failed.push_back({crd->id, "not Established within " +
                                               std::to_string(kEstablishTimeout.count()) + " s"});
      }
      break;
    }
    std::this_thread::sleep_for(kEstablishPoll);
  }
}

}  // namespace

ApplyOutcome apply_objects(kube::ApiClient& api, const std::vector<const Object*>& objects,
                           const kube::Discovery& discovery, const ApplyOptions& options) {
  std::array<std::vector<const Object*>, kPhases> phases;
  for (const auto* object : objects) {
    phases[static_cast<int>(phase_of(object->id, discovery))].push_back(object);
  }
  ApplyOutcome outcome;
  std::size_t done = 0;
  const kube::ApplyAs as{kFieldManager, options.force_conflicts};
  for (int phase = 0; phase < kPhases; ++phase) {
    if (phases[phase].empty())
      continue;
    std::vector<const Object*> sent;
    std::vector<kube::HttpRequest> requests;
    for (const auto* object : phases[phase]) {
      const auto* type = discovery.find(object->id.group, object->id.kind);
      if (!type) {  // planning refuses unknown kinds; a CRD that failed leaves its kinds unknown
        outcome.failed.push_back({object->id, "the server does not serve its kind"});
        continue;
      }
      sent.push_back(object);
      requests.push_back(kube::apply_request(
          kube::object_path(*type, object->api_version, object->id), object->body, as));
    }
    kube::ApiClient::Progress progress;
    if (options.progress) {
      progress = [&, base = done](std::size_t answered) {
        options.progress(base + answered, objects.size());
      };
    }
    const auto responses = api.send_all(requests, options.concurrency, progress);
    for (std::size_t i = 0; i < sent.size(); ++i) {
      if (responses[i].ok()) {
        outcome.applied.push_back(sent[i]->id);
      } else {
        outcome.failed.push_back(
            {sent[i]->id, conflict_hint(responses[i].reason(), options.force_conflicts)});
      }
    }
    done += phases[phase].size();
    if (static_cast<Phase>(phase) == Phase::crds)
      wait_established(api, phases[phase], outcome.applied, outcome);
    if (options.between_phases)
      options.between_phases();
  }
  return outcome;
}

}  // namespace gitops::sync
