#pragma once

#include <optional>
#include <string>

#include "git/repository.hpp"
#include "git/writer.hpp"

namespace gitops::git {

// Where a command's commit goes (gitpromote, gitrevert): the branch, the commit it builds on, and
// where the branch must still point when the commit lands.
struct Destination {
  std::string branch;
  Commit base;
  std::optional<std::string> expected_tip;
  // The user's own branch: a redo may bring the remote's commits in, never drop the branch's own.
  bool keeps_history = false;
};

struct DestinationRequest {
  std::optional<std::string> new_branch;  // commit there (created from HEAD) instead
  // A scratch clone (gitpromote --repo): its local branches simply follow the remote.
  bool scratch = false;
  bool dry_run = false;
};

// The current branch at HEAD (Error when HEAD is detached, except for a dry run, which names "a
// detached HEAD"), or a new branch from HEAD (Error when one of that name exists; in a scratch
// clone, a leftover of an earlier run is moved to HEAD).
Destination choose_destination(const Repository& repository, Writer& writer,
                               const DestinationRequest& request);

// After a push was refused because the remote moved on: fetches the remote's tip of the branch
// and returns it as the base to build the commit again on (revspec "<remote>/<branch>"). Error when
// the remote has no such branch, or when the destination keeps its history and has diverged from
// the remote's; `work` ("promotion", "revert") and `local_commit` name what stays committed
// locally in that message.
Commit fetch_redo_base(Writer& writer, const Repository& repository, const Destination& destination,
                       const std::string& remote, const std::string& work,
                       const Commit& local_commit);

}  // namespace gitops::git
