#include "sync/app_status.hpp"

#include "pipeline/plan.hpp"
#include "sync/record_store.hpp"

namespace gitops::sync {

AppStatus app_status(const kube::Kubectl& kubectl, kube::ApiClient& api,
                     const git::Repository* repository, const std::string& record_namespace,
                     const std::string& app) {
  AppStatus status{require_record(api, record_namespace, app), std::nullopt};
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
  for (const auto& member : status.record.objects)
    request.inventory.insert(member.id);
  request.ignore = pipeline::ignore_rules_at(*repository, request.commit);
  status.drifted =
      pipeline::plan_against_cluster(kubectl, api, request).report.changes.counts().changed();
  return status;
}

}  // namespace gitops::sync
