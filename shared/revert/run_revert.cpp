#include "revert/run_revert.hpp"

#include "error.hpp"
#include "git/commit.hpp"
#include "git/destination.hpp"
#include "git/identity.hpp"
#include "git/push_retry.hpp"
#include "git/remote.hpp"
#include "git/revert.hpp"
#include "git/status.hpp"
#include "revert/file_edits.hpp"
#include "revert/generator_files.hpp"
#include "revert/message.hpp"
#include "revert/restore.hpp"

namespace gitops::revert {
namespace {

void require_clean_folders(const git::Writer& writer, const std::vector<std::string>& paths) {
  const std::vector<std::string> dirty = git::uncommitted_files(writer, paths);
  if (!dirty.empty()) {
    throw Error(quoted(dirty.front()) + " has uncommitted changes; commit or stash them first");
  }
}

class Reverter {
 public:
  Reverter(const git::Repository& repository, git::Writer& writer, const Request& request)
      : repository_(repository), writer_(writer), request_(request) {}

  Outcome run() {
    destination_ = git::choose_destination(
        repository_, writer_,
        git::DestinationRequest{request_.new_branch, false, request_.dry_run});
    outcome_.branch = destination_.branch;
    if (!request_.new_branch && !request_.dry_run) {
      require_clean_folders(writer_, request_.paths);
    }
    plan(destination_.base);
    if (outcome_.empty() || request_.dry_run) {
      return outcome_;
    }
    author_ = git::require_identity(writer_);
    commit();
    if (request_.push) {
      push();
    }
    return outcome_;
  }

 private:
  void plan(const git::Commit& base) {
    outcome_.base = base;
    if (request_.mode == Mode::restore) {
      outcome_.files = edits_of(
          repository_, base, restore_changes(repository_, base, request_.target, request_.paths));
      outcome_.message =
          restore_message(request_.paths, request_.target, request_.live_sha, outcome_.files);
    } else {
      outcome_.files =
          edits_of(repository_, base,
                   git::revert_changes(writer_, request_.target.sha, base.sha, request_.paths));
      outcome_.message = undo_message(request_.paths, request_.target, outcome_.files);
    }
    outcome_.generator_files = secret_generator_files(repository_, base, outcome_.files);
  }

  void commit() {
    outcome_.commit = git::commit_files(
        writer_,
        git::CommitRequest{destination_.branch, destination_.expected_tip, destination_.base.sha,
                           changes_of(outcome_.files), outcome_.message, author_});
  }

  void push() {
    const git::PushOutcome pushed = git::push_with_redo(
        git::kPushAttempts,
        [&] { return git::push_branch(writer_, request_.remote, destination_.branch); },
        [&] { redo_on_remote_tip(); });
    outcome_.pushed = pushed.pushed;
    outcome_.push_attempts = pushed.attempts;
    if (!pushed.pushed) {
      throw Error("cannot push " + quoted(destination_.branch) + " to " + quoted(request_.remote) +
                  ": the remote moved on again during each of " + std::to_string(pushed.attempts) +
                  " attempts; the revert is committed locally as " + outcome_.commit->short_sha() +
                  "; pull (rebase) and push it yourself");
    }
  }

  // The remote has commits the branch lacks: build the revert again on the remote's tip, and move
  // the branch there (with the working tree, when checked out: like git pull --rebase).
  void redo_on_remote_tip() {
    const git::Commit base = git::fetch_redo_base(writer_, repository_, destination_,
                                                  request_.remote, "revert", *outcome_.commit);
    plan(base);
    if (outcome_.empty()) {
      throw Error(quoted(base.revspec) + " already has this revert; your local commit " +
                  outcome_.commit->short_sha() + " is not needed: drop it (git reset --keep " +
                  base.revspec + ")");
    }
    destination_.expected_tip = outcome_.commit->sha;
    destination_.base = base;
    commit();
  }

  const git::Repository& repository_;
  git::Writer& writer_;
  const Request& request_;
  git::Destination destination_;
  git::Signature author_;
  Outcome outcome_;
};

}  // namespace

Outcome run_revert(const git::Repository& repository, git::Writer& writer, const Request& request) {
  return Reverter(repository, writer, request).run();
}

}  // namespace gitops::revert
