#include "sync/app_status.hpp"

#include "kube/context.hpp"
#include "kube/discovery_cache.hpp"
#include "pipeline/plan.hpp"
#include "sync/record_store.hpp"

namespace gitops::sync {

namespace {

std::vector<ObjectHealth> look_at_health(const kube::Kubectl& kubectl, kube::ApiClient& api,
                                         const AppRecord& record) {
  if (record.objects.empty())
    return {};
  std::vector<manifest::Object> members;
  std::vector<std::pair<std::string, std::string>> kinds;
  for (const auto& member : record.objects) {
    members.push_back({member.id, member.api_version, {}, {}});
    kinds.emplace_back(member.id.group, member.id.kind);
  }
  std::vector<const manifest::Object*> pointers;
  for (const auto& member : members)
    pointers.push_back(&member);
  const auto discovery =
      kube::load_discovery(kubectl, api, kube::current_target(kubectl).server, kinds);
  WaitOptions one_look;
  one_look.timeout = std::chrono::milliseconds(0);
  return wait_until_healthy(api, discovery, pointers, one_look).objects;
}

}  // namespace

HealthState AppStatus::overall() const {
  return health.empty() ? HealthState::current : health.front().health.state;
}

AppStatus app_status(const kube::Kubectl& kubectl, kube::ApiClient& api,
                     const git::Repository* repository, const std::string& record_namespace,
                     const std::string& app, pipeline::RenderOptions render) {
  AppStatus status{require_record(api, record_namespace, app), std::nullopt, {}};
  status.health = look_at_health(kubectl, api, status.record);
  const auto* current = status.record.current();
  if (!repository || !current)
    return status;
  auto commit = repository->find_commit(current->commit);
  if (!commit)
    return status;  // synced from a clone this repository does not know
  pipeline::PlanRequest request;
  request.repository = repository;
  request.commit = std::move(commit);
  request.revision = current->commit;
  request.paths = status.record.paths;
  request.render = std::move(render);
  request.render.release = app;  // charts render as the app's release, as its syncs did
  for (const auto& member : status.record.objects)
    request.inventory.insert(member.id);
  request.ignore = pipeline::ignore_rules_at(*repository, request.commit);
  status.drifted =
      pipeline::plan_against_cluster(kubectl, api, request).report.changes.counts().changed();
  return status;
}

}  // namespace gitops::sync
