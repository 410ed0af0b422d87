#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diff/file_diff.hpp"
#include "git/commit.hpp"
#include "git/repository.hpp"
#include "git/writer.hpp"

namespace gitops::revert {

// A revert in git, from the app's folders to a pushed commit: the part of kubectl gitrevert that
// needs git but no cluster.

enum class Mode {
  restore,  // make the folders what they were at a synced revision
  undo,     // undo one commit's changes inside the folders
};

struct Request {
  Mode mode = Mode::restore;
  std::vector<std::string> paths;         // the app's folders; none: the whole repository
  git::Commit target;                     // restore: the revision to go back to; undo: the commit
  std::string live_sha;                   // restore: the revision the cluster runs (Reverted-from)
  std::optional<std::string> new_branch;  // commit there (created from HEAD) instead
  bool push = false;
  std::string remote = "origin";
  bool dry_run = false;
  git::SignCommit sign;  // signs the revert commit (trust/sign.hpp); empty: unsigned
};

struct Outcome {
  std::vector<diff::FileEdit> files;         // in path order; none: nothing to revert
  std::string message;                       // the commit message, made for a dry run too
  std::vector<std::string> generator_files;  // what a kustomize secretGenerator reads: never shown
  git::Commit base;                          // the commit the revert builds on
  std::optional<git::Commit> commit;
  std::string branch;  // the branch committed on (or that would be)
  bool pushed = false;
  int push_attempts = 0;

  bool empty() const { return files.empty(); }
};

// Plans the revert on the tip of the current branch (or HEAD, with a new branch), commits it
// unless it is a dry run or empty, and pushes it when asked, redoing it on the remote's tip when
// the remote moved on (never forcing). Before changing anything it refuses a detached HEAD
// without a new branch and, when the commit would update the working tree, any uncommitted or
// untracked file inside the folders (Error naming it).
Outcome run_revert(const git::Repository& repository, git::Writer& writer, const Request& request);

}  // namespace gitops::revert
