#include "sync/apply.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <string>

#include "kube/unscoped.hpp"
#include "sync/order.hpp"

namespace gitops::sync {

namespace {

using manifest::Object;
using manifest::Value;

constexpr std::size_t kMaxBatch = 250;
constexpr std::chrono::seconds kEstablishedWait{60};

kube::KubectlCall apply_call(const std::vector<const Object*>& batch, bool force_conflicts) {
  Value list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", Value::array()}};
  for (const auto* object : batch)
    list["items"].push_back(object->body);
  kube::KubectlCall call{{"apply", "--server-side", "--field-manager=" + std::string(kFieldManager),
                          "-o", "name", "-f", "-"},
                         list.dump()};
  if (force_conflicts)
    call.args.push_back("--force-conflicts");
  return call;
}

// Splits a phase into about `concurrency` batches of at most kMaxBatch objects.
std::vector<std::vector<const Object*>> batches_of(const std::vector<const Object*>& objects,
                                                   int concurrency) {
  std::size_t size = std::clamp<std::size_t>(
      (objects.size() + concurrency - 1) / std::max(concurrency, 1), 1, kMaxBatch);
  std::vector<std::vector<const Object*>> batches;
  for (std::size_t at = 0; at < objects.size(); at += size) {
    batches.emplace_back(objects.begin() + at,
                         objects.begin() + std::min(at + size, objects.size()));
  }
  return batches;
}

std::string conflict_hint(const std::string& reason, bool force_conflicts) {
  if (force_conflicts || reason.find("conflict") == std::string::npos)
    return reason;
  return reason + " (use --force-conflicts to take the fields over)";
}

void wait_established(const kube::Kubectl& kubectl, const std::vector<const Object*>& crds,
                      ApplyOutcome& outcome) {
  std::vector<std::string> args{"wait", "--for=condition=Established",
                                "--timeout=" + std::to_string(kEstablishedWait.count()) + "s"};
  for (const auto* crd : crds)
    args.push_back("customresourcedefinition/" + crd->id.name);
  auto result = kubectl.run({args, "", kEstablishedWait});
  if (!result.ok()) {
    for (const auto* crd : crds) {
      outcome.failed.push_back({crd->id, "not Established within " +
                                             std::to_string(kEstablishedWait.count()) +
                                             " s: " + result.error_line()});
    }
  }
}

}  // namespace

ApplyOutcome apply_objects(const kube::Kubectl& kubectl, const std::vector<const Object*>& objects,
                           const kube::Discovery& discovery, const ApplyOptions& options) {
  const auto k = kube::unscoped(kubectl);
  std::array<std::vector<const Object*>, kPhases> phases;
  for (const auto* object : objects) {
    phases[static_cast<int>(phase_of(object->id, discovery))].push_back(object);
  }
  ApplyOutcome outcome;
  std::size_t done = 0;
  for (int phase = 0; phase < kPhases; ++phase) {
    if (phases[phase].empty())
      continue;
    auto batches = batches_of(phases[phase], options.concurrency);
    std::vector<kube::KubectlCall> calls;
    for (const auto& batch : batches)
      calls.push_back(apply_call(batch, options.force_conflicts));
    auto results = k.run_all(calls, options.concurrency);
    for (std::size_t i = 0; i < batches.size(); ++i) {
      if (results[i].ok()) {
        for (const auto* object : batches[i])
          outcome.applied.push_back(object->id);
      } else if (results[i].timed_out) {
        // A kubectl that does not answer would not answer each object either.
        for (const auto* object : batches[i])
          outcome.failed.push_back({object->id, results[i].error_line()});
      } else {
        // Server-side apply is idempotent: applying each object again names the failures.
        for (const auto* object : batches[i]) {
          auto single = k.run(apply_call({object}, options.force_conflicts));
          if (single.ok()) {
            outcome.applied.push_back(object->id);
          } else {
            outcome.failed.push_back(
                {object->id, conflict_hint(single.error_line(), options.force_conflicts)});
          }
        }
      }
      done += batches[i].size();
      if (options.progress)
        options.progress(done, objects.size());
    }
    if (static_cast<Phase>(phase) == Phase::crds)
      wait_established(k, phases[phase], outcome);
    if (options.between_phases)
      options.between_phases();
  }
  return outcome;
}

}  // namespace gitops::sync
