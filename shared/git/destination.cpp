#include "git/destination.hpp"

#include "error.hpp"
#include "git/graph.hpp"
#include "git/head.hpp"
#include "git/remote.hpp"

namespace gitops::git {

Destination choose_destination(const Repository& repository, Writer& writer,
                               const DestinationRequest& request) {
  Destination destination;
  if (request.new_branch) {
    require_valid_branch_name(*request.new_branch);
    destination.branch = *request.new_branch;
    destination.base = repository.resolve("HEAD");
    if (request.scratch) {
      // A scratch clone's branch of that name is a leftover of an earlier run.
      reset_branch(writer, destination.branch, destination.base.sha);
      destination.expected_tip = destination.base.sha;
    } else if (branch_tip(writer, destination.branch)) {
      throw Error("a branch named " + quoted(destination.branch) + " already exists",
                  ErrorKind::conflict);
    }
    return destination;
  }
  const auto branch = current_branch(writer);
  if (!branch && !request.dry_run) {
    throw Error("HEAD is detached: name a new branch to commit on (--branch NAME)");
  }
  destination.branch = branch.value_or("a detached HEAD");
  destination.base = repository.resolve("HEAD");
  destination.expected_tip = destination.base.sha;
  destination.keeps_history = !request.scratch;
  return destination;
}

Commit fetch_redo_base(Writer& writer, const Repository& repository, const Destination& destination,
                       const std::string& remote, const std::string& work,
                       const Commit& local_commit) {
  const std::string tracking = remote + "/" + destination.branch;
  const auto remote_tip = fetch_branch(writer, remote, destination.branch);
  if (!remote_tip) {
    throw Error("cannot push " + quoted(destination.branch) + " to " + quoted(remote) +
                ": it was refused, yet the remote has no such branch");
  }
  if (destination.keeps_history && !is_ancestor(writer, destination.base.sha, *remote_tip)) {
    throw Error("cannot push " + quoted(destination.branch) + " to " + quoted(remote) +
                ": your branch and " + quoted(tracking) + " have diverged; the " + work +
                " is committed locally as " + local_commit.short_sha() +
                "; pull (rebase) and push it yourself");
  }
  Commit base = repository.resolve(*remote_tip);
  base.revspec = tracking;
  return base;
}

}  // namespace gitops::git
