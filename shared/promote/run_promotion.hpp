#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "diff/report.hpp"
#include "git/commit.hpp"
#include "git/repository.hpp"
#include "git/writer.hpp"
#include "promote/promotion.hpp"

namespace gitops::promote {

// One promotion, from folders to a pushed commit: the part of kubectl gitpromote that needs git.
struct Request {
  std::string from;               // source folder (repository-relative); "" with overrides
  std::string to;                 // target folder
  std::string revision = "HEAD";  // where the source folder is read
  Selection selection;
  std::vector<ImageOverride> overrides;   // --set-image: the first hop, no source folder
  std::optional<std::string> new_branch;  // commit there (created from HEAD) instead
  bool push = false;
  std::string remote = "origin";
  bool dry_run = false;
  git::SignCommit sign;  // signs the promotion commit (trust/sign.hpp); empty: unsigned
  // --policy: checks the commit before its branch moves (policy_check.hpp); a denial commits
  // nothing. Empty: no check.
  std::function<diff::PolicyCheck(const git::Commit& candidate)> policy;
};

struct Outcome {
  Promotion promotion;
  std::string source_sha;  // the commit the source folder was read at; "" with overrides
  std::string message;     // the commit message, made for a dry run too
  std::optional<git::Commit> commit;
  std::string branch;  // the branch committed on (or that would be)
  bool pushed = false;
  int push_attempts = 0;
  std::optional<diff::PolicyCheck> policy;  // with --policy: what the cluster's admission said

  bool denied() const { return policy && !policy->passed(); }
};

// The repository to work in. Both handles are open on the same repository.
struct Workspace {
  const git::Repository* repository = nullptr;
  git::Writer* writer = nullptr;
  // A scratch clone (--repo): its local branches simply follow the remote, and there is no working
  // tree to keep in step.
  bool scratch = false;
};

// Plans the promotion on the tip of the current branch (or HEAD, with a new branch), commits it
// unless it is a dry run or empty, and pushes it when asked, redoing it on the remote's tip when
// the remote moved on. The target folder is read at the commit the promotion builds on; the source
// folder at `revision`.
Outcome run_promotion(const Workspace& workspace, const Request& request);

}  // namespace gitops::promote
