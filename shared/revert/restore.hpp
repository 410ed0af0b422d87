#pragma once

#include <string>
#include <vector>

#include "git/commit.hpp"
#include "git/repository.hpp"

namespace gitops::revert {

// The file changes that make `paths` (the app's folders; none means the whole repository) on
// `base` what they are at `target`, in path order: files added since are removed, files removed
// since are restored, changed ones get their old content back. Nothing outside `paths` changes;
// no change at all when the folders already match. Error when a path does not exist at `target`.
std::vector<git::FileChange> restore_changes(const git::Repository& repository,
                                             const git::Commit& base, const git::Commit& target,
                                             const std::vector<std::string>& paths);

}  // namespace gitops::revert
