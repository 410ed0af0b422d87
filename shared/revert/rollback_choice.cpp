#include "revert/rollback_choice.hpp"

#include <optional>

#include "revert/target.hpp"

namespace gitops::revert {

namespace {

std::optional<std::string> resolved_to(const git::Repository& repository,
                                       const RollbackChoice& choice) {
  if (choice.to.empty())
    return std::nullopt;
  return repository.resolve(choice.to).sha;
}

std::optional<int> steps_of(const RollbackChoice& choice) {
  return choice.steps != 0 ? std::optional<int>(choice.steps) : std::nullopt;
}

// The revision git last synced itself: the newest successful sync that was no cluster-only
// rollback.
std::string last_synced_from_git(const sync::AppRecord& record) {
  for (const auto& entry : record.history) {
    if (entry.result == sync::SyncResult::succeeded &&
        entry.kind != sync::SyncKind::cluster_only_rollback)
      return entry.commit;
  }
  return "";
}

}  // namespace

git::Repository app_repository(const std::string& repo, const std::filesystem::path& cwd,
                               const sync::AppRecord& record) {
  if (!repo.empty())
    return git::Repository::discover(repo);
  if (auto around = git::Repository::find(cwd))
    return std::move(*around);
  return git::Repository::discover(record.repository);
}

git::Commit cluster_rollback_target(const git::Repository& repository,
                                    const sync::AppRecord& record, const RollbackChoice& choice) {
  const auto& target = rollback_target(record, resolved_to(repository, choice), steps_of(choice));
  return repository.resolve(target.commit);
}

Request revert_request(const git::Repository& repository, const sync::AppRecord& record,
                       const RollbackChoice& choice) {
  Request request;
  request.paths = record.paths;
  if (!choice.commit.empty()) {
    request.mode = Mode::undo;
    request.target = repository.resolve(choice.commit);
  } else if (record.pin && choice.to.empty() && choice.steps == 0) {
    request.target = repository.resolve(record.pin->commit);
    request.live_sha = last_synced_from_git(record);
  } else {
    request.target = cluster_rollback_target(repository, record, choice);
    request.live_sha = live_record(record)->commit;
  }
  return request;
}

}  // namespace gitops::revert
