#include "revert/rollback.hpp"

#include "revert/sync_request.hpp"
#include "sync/record_store.hpp"

namespace gitops::revert {

sync::SyncOutcome roll_back_cluster(const kube::Kubectl& kubectl, kube::ApiClient& api,
                                    const git::Repository& repository,
                                    const sync::AppRecord& record, const RollbackChoice& choice,
                                    bool dry_run, const pipeline::RenderOptions& render) {
  auto request =
      sync_request_for(repository, record, cluster_rollback_target(repository, record, choice),
                       sync::SyncKind::cluster_only_rollback, render);
  request.dry_run = dry_run;
  request.sync_pinned = true;
  request.pin = true;
  return sync::sync_app(kubectl, api, request);
}

std::string unpin(kube::ApiClient& api, const std::string& record_namespace,
                  const std::string& app) {
  auto record = sync::require_record(api, record_namespace, app);
  if (!record.pin)
    return "app " + record.name + " is not pinned\n";
  const auto pinned = record.pin->commit.substr(0, 7);
  record.pin.reset();
  sync::save_record(api, record);
  return "unpinned app " + record.name + " (was pinned at " + pinned +
         "); the next kubectl gitsync applies git again\n";
}

RevertAndSync revert_in_git(const kube::Kubectl& kubectl, kube::ApiClient& api,
                            const git::Repository& repository, git::Writer& writer,
                            const sync::AppRecord& record, const Request& request, bool sync,
                            const pipeline::RenderOptions& render) {
  // Refused before committing, so that nothing changes.
  if (sync && record.pin)
    sync::refuse_pinned(record);
  RevertAndSync result{run_revert(repository, writer, request), std::nullopt};
  if (sync) {
    const git::Commit& commit = result.revert.commit ? *result.revert.commit : result.revert.base;
    result.synced = sync::sync_app(
        kubectl, api, sync_request_for(repository, record, commit, sync::SyncKind::revert, render));
  }
  return result;
}

}  // namespace gitops::revert
