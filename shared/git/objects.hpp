#pragma once

// Private to shared/git/: object ids and commits for the write side, which names commits by SHA.

#include <string>

#include "git/handles.hpp"

namespace gitops::git {

// Throws Error "invalid commit id 'X'" unless `sha` is 40 hex digits.
git_oid oid_from_sha(const std::string& sha);
std::string sha_of(const git_oid& id);

// The commit with this full SHA; throws Error naming it when there is none.
CommitPtr commit_by_sha(git_repository* repo, const std::string& sha);
TreePtr tree_of(const git_commit* commit, const std::string& sha);

// What Repository::resolve returns, for a commit object.
Commit describe_commit(const git_commit* commit);

}  // namespace gitops::git
