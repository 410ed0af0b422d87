#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "git/identity.hpp"
#include "git/repository.hpp"
#include "git/writer.hpp"

namespace gitops::git {

// One file of a commit: its new content, or its removal.
struct FileChange {
  std::string path;                    // repository-relative, '/' separators
  std::optional<std::string> content;  // nullopt removes the file
};

// Signs a commit: given the commit object as it would be written, returns the armored signature
// git keeps in its gpgsig header, or throws Error. Empty: the commit is not signed.
using SignCommit = std::function<std::string(const std::string& payload)>;

// Writes a commit object whose tree is `parent`'s tree with `changes` applied (a new file is a
// regular file; an existing one keeps its mode; removing a file that is not there does nothing),
// authored and committed by `author` now. Moves no branch and touches no working tree: see
// advance_branch. Signed with `sign` when given. Returns the new commit's full SHA.
std::string write_commit(Writer& writer, const std::string& parent,
                         const std::vector<FileChange>& changes, const std::string& message,
                         const Signature& author, const SignCommit& sign = {});

// Moving a branch to a new commit.
struct BranchUpdate {
  std::string branch;                       // "main"
  std::optional<std::string> expected_tip;  // where it must point now; nullopt: it must not exist
  std::string new_tip;                      // full SHA
  std::string reflog_message;               // "commit: promote envs/staging to envs/prod"
};

// Points the branch at `new_tip` only if it still points at `expected_tip` (compare-and-swap, so
// that a concurrent commit is never lost). When it is the checked-out branch of a repository with
// a working tree, the index and working-tree copies of exactly the paths that differ between the
// old and new tips are brought in line, as git checkout would, and nothing else in them is
// touched. When the index is locked (.git/index.lock), or one of those paths has uncommitted
// changes (status.hpp: "'PATH' has uncommitted changes; commit or stash them first"), Error and
// nothing changes; a checkout that still fails half-way puts the files and the branch back.
void advance_branch(Writer& writer, const BranchUpdate& update);

// "Commit these file changes on this branch": write_commit on `parent`, then advance_branch.
struct CommitRequest {
  std::string branch;
  std::optional<std::string> expected_tip;  // usually == parent; nullopt creates the branch
  std::string parent;
  std::vector<FileChange> changes;
  std::string message;  // subject, blank line, body, trailers
  Signature author;     // also the committer
  SignCommit sign;      // empty: unsigned
};
Commit commit_files(Writer& writer, const CommitRequest& request);

}  // namespace gitops::git
