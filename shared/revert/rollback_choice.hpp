#pragma once

#include <filesystem>
#include <string>

#include "git/repository.hpp"
#include "revert/run_revert.hpp"
#include "sync/app_record.hpp"

namespace gitops::revert {

// What the user asked to go back to; all empty: the revision synced before the live one, or the
// pinned one when the app is pinned.
struct RollbackChoice {
  std::string to;      // --to: a revision the app was synced to
  int steps = 0;       // --steps: that many synced revisions back
  std::string commit;  // --commit: undo this one commit instead
};

// The repository the app was synced from: `repo` (--repo) when given, else the one around `cwd`,
// else the one its record names.
git::Repository app_repository(const std::string& repo, const std::filesystem::path& cwd,
                               const sync::AppRecord& record);

// The commit a cluster-only rollback syncs: rollback_target() of the choice.
git::Commit cluster_rollback_target(const git::Repository& repository,
                                    const sync::AppRecord& record, const RollbackChoice& choice);

// A revert in git for the choice: its mode, target, the live revision it reverts from and the
// app's folders. A pinned app with no --to or --steps goes to the pinned revision, away from the
// revision git last synced, so that git catches up with the cluster's rollback. The caller adds
// where to commit and whether to push.
Request revert_request(const git::Repository& repository, const sync::AppRecord& record,
                       const RollbackChoice& choice);

}  // namespace gitops::revert
