#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "git/commit.hpp"
#include "git/destination.hpp"
#include "git/repository.hpp"
#include "git/writer.hpp"

namespace gitops::git {

// What a command (gitpromote, gitrevert) commits on a base commit: planned once on the
// destination's base, and again on the remote's tip when a push is redone.
struct Edits {
  std::vector<FileChange> changes;  // none: nothing to commit
  std::string message;
};

// Plans the edits on a base commit; may keep what it planned (for the command's own outcome),
// since the last call is the one committed.
using PlanEdits = std::function<Edits(const Commit& base)>;

struct CommitAndPushRequest {
  bool dry_run = false;  // plan only
  bool push = false;
  std::string remote = "origin";
  // What is committed and what to do when every push was refused, for the messages: "promotion"
  // and "run the command again".
  std::string work;
  std::string advice;
  SignCommit sign;  // sign each commit made (commit.hpp); empty: unsigned
  // Checks each commit before its branch moves, while it is an object no ref names (for a dry run
  // too, unsigned); false: nothing is committed or pushed. Empty: no check.
  std::function<bool(const Commit& candidate)> check;
};

struct CommitAndPushOutcome {
  std::optional<Commit> commit;  // nullopt: a dry run, nothing to commit, or the check refused
  bool refused = false;          // the check said no
  bool pushed = false;
  int push_attempts = 0;
};

// Plans the edits on `destination`'s base and, unless it is a dry run or there is nothing to
// commit, commits them on its branch as the configured identity (commit_files: the working tree
// follows a checked-out branch), once the check accepts the commit. With `push`, pushes the branch,
// never forcing; when the remote moved on, fetches its tip (fetch_redo_base), plans again there and
// commits that in place of the local commit, then pushes again, up to kPushAttempts pushes. Error
// when the remote's tip already has the work (nothing left to commit) or every push was refused;
// both name the local commit.
CommitAndPushOutcome commit_and_push(const Repository& repository, Writer& writer,
                                     Destination destination, const CommitAndPushRequest& request,
                                     const PlanEdits& plan);

}  // namespace gitops::git
