#pragma once

#include <string>
#include <vector>

#include "git/commit.hpp"
#include "git/writer.hpp"

namespace gitops::git {

// What undoing commit `undone` on top of commit `onto` changes under `paths` (repository-relative
// files or folders; none, "" or "." mean the whole tree): a three-way merge, as `git revert` makes,
// into an index of its own (the repository's index and working tree are not touched), keeping
// only the files under `paths` that end up different from `onto`, in path order. Both are full
// SHAs. Error "cannot revert abc1234 cleanly: 'envs/prod/x.yaml' conflicts" when a file under
// `paths` conflicts (conflicts elsewhere are left out with the rest), and Error for a merge commit.
std::vector<FileChange> revert_changes(const Writer& writer, const std::string& undone,
                                       const std::string& onto,
                                       const std::vector<std::string>& paths);

}  // namespace gitops::git
