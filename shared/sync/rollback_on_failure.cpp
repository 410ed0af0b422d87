#include "sync/rollback_on_failure.hpp"

#include "error.hpp"
#include "pipeline/plan.hpp"
#include "sync/present_sync.hpp"

namespace gitops::sync {

const SyncRecord* last_healthy(const AppRecord& record, const std::string& failed_commit) {
  for (const auto& entry : record.history) {
    if (entry.result == SyncResult::succeeded && entry.commit != failed_commit)
      return &entry;
  }
  return nullptr;
}

SyncOutcome roll_back_after_failure(const kube::Kubectl& kubectl, kube::ApiClient& api,
                                    const SyncRequest& request, const SyncOutcome& failed,
                                    const SyncRecord& target) {
  const auto& repository = *request.source.repository;
  auto commit = repository.find_commit(target.commit);
  if (!commit) {
    throw Error("cannot roll back app " + quoted(request.app) + " to its last healthy revision " +
                    target.commit.substr(0, 7) + ": this repository does not have it (fetch it)",
                ErrorKind::not_found);
  }
  SyncRequest rollback = request;
  rollback.source.commit = std::move(commit);
  rollback.source.revision = target.commit;
  rollback.source.ignore = pipeline::ignore_rules_at(repository, rollback.source.commit);
  rollback.kind = SyncKind::rollback;
  rollback.reason =
      "rolled back from " + failed.record.commit.substr(0, 7) + ": " +
      (failed.record.message.empty() ? to_string(failed.record.result) : failed.record.message);
  return sync_app(kubectl, api, rollback);
}

}  // namespace gitops::sync
