#pragma once

#include <vector>

#include "diff/file_diff.hpp"
#include "git/commit.hpp"
#include "git/repository.hpp"

namespace gitops::revert {

// The changes as edits of `base`: each file's content there (nullopt where `base` lacks it) beside
// what the change makes it, in the changes' order. What the dry-run diff and the message show.
std::vector<diff::FileEdit> edits_of(const git::Repository& repository, const git::Commit& base,
                                     const std::vector<git::FileChange>& changes);

// The changes that make the edits (each file's `after`).
std::vector<git::FileChange> changes_of(const std::vector<diff::FileEdit>& edits);

}  // namespace gitops::revert
