#pragma once

#include <string>
#include <vector>

#include "diff/file_diff.hpp"
#include "git/repository.hpp"

namespace gitops::revert {

// The app's folders as messages name them: "envs/prod", "envs/prod, envs/shared", or "the
// repository" when there are none (the app is the whole repository).
std::string folders_label(const std::vector<std::string>& paths);

// "update envs/prod/app.yaml", "restore envs/prod/old.yaml" (brought back), "remove
// envs/prod/new.yaml".
std::string describe_edit(const diff::FileEdit& edit);

// Going back to a synced revision: subject "revert envs/prod to abc1234: <target's subject>", a
// body listing the files, and the trailers Reverts-to (the target) and Reverted-from (the revision
// the cluster runs), full SHAs.
std::string restore_message(const std::vector<std::string>& paths, const git::Commit& target,
                            const std::string& live_sha, const std::vector<diff::FileEdit>& edits);

// Undoing one commit: subject "revert abc1234 in envs/prod: <its subject>", a body listing the
// files, and the trailer Reverts (its full SHA).
std::string undo_message(const std::vector<std::string>& paths, const git::Commit& undone,
                         const std::vector<diff::FileEdit>& edits);

}  // namespace gitops::revert
