#include "git/commit_and_push.hpp"

#include <utility>

#include "error.hpp"
#include "git/identity.hpp"
#include "git/push_retry.hpp"
#include "git/remote.hpp"

namespace gitops::git {
namespace {

class CommitAndPush {
 public:
  CommitAndPush(const Repository& repository, Writer& writer, Destination destination,
                const CommitAndPushRequest& request, const PlanEdits& plan)
      : repository_(repository),
        writer_(writer),
        destination_(std::move(destination)),
        request_(request),
        plan_(plan) {}

  CommitAndPushOutcome run() {
    edits_ = plan_(destination_.base);
    if (edits_.changes.empty()) {
      return outcome_;
    }
    if (request_.dry_run) {
      if (request_.check)
        outcome_.refused = !request_.check(candidate(kDryRunAuthor, {}));
      return outcome_;
    }
    author_ = require_identity(writer_);
    if (request_.push)
      remote_url(writer_, request_.remote);  // no such remote: refused before anything is written
    if (!commit())
      return outcome_;
    if (request_.push) {
      push();
    }
    return outcome_;
  }

 private:
  // Who a dry run's candidate is by: it is only ever read, never kept.
  inline static const Signature kDryRunAuthor{"kubectl-gitops", "dry-run@localhost"};

  // The commit as it would be made, an object no ref names yet.
  Commit candidate(const Signature& author, const SignCommit& sign) {
    const auto sha =
        write_commit(writer_, destination_.base.sha, edits_.changes, edits_.message, author, sign);
    return repository_.resolve(sha);
  }

  // Writes the commit and, once the check accepts it, moves the branch there; false when refused.
  bool commit() {
    const Commit made = candidate(author_, request_.sign);
    if (request_.check && !request_.check(made)) {
      outcome_.refused = true;
      return false;
    }
    advance_branch(writer_,
                   BranchUpdate{destination_.branch, destination_.expected_tip, made.sha,
                                "commit: " + edits_.message.substr(0, edits_.message.find('\n'))});
    outcome_.commit = made;
    return true;
  }

  void push() {
    const PushOutcome pushed = push_with_redo(
        kPushAttempts, [&] { return push_branch(writer_, request_.remote, destination_.branch); },
        [&] { redo_on_remote_tip(); });
    outcome_.pushed = pushed.pushed;
    outcome_.push_attempts = pushed.attempts;
    if (!pushed.pushed) {
      throw Error("cannot push " + quoted(destination_.branch) + " to " + quoted(request_.remote) +
                  ": the remote moved on again during each of " + std::to_string(pushed.attempts) +
                  " attempts; the " + request_.work + " is committed locally as " +
                  outcome_.commit->short_sha() + "; " + request_.advice);
    }
  }

  // The remote has commits the branch lacks: plan again on the remote's tip, and move the branch
  // there (with the working tree, when checked out: like git pull --rebase).
  void redo_on_remote_tip() {
    const Commit base = fetch_redo_base(writer_, repository_, destination_, request_.remote,
                                        request_.work, *outcome_.commit);
    edits_ = plan_(base);
    if (edits_.changes.empty()) {
      throw Error(quoted(base.revspec) + " already has this " + request_.work +
                  "; your local commit " + outcome_.commit->short_sha() +
                  " is not needed: drop it (git reset --keep " + base.revspec + ")");
    }
    const auto local = *outcome_.commit;
    destination_.expected_tip = local.sha;
    destination_.base = base;
    if (!commit()) {
      throw Error("the " + request_.work + " redone on " + quoted(base.revspec) +
                  " was refused by its check; your local commit " + local.short_sha() +
                  " is not pushed");
    }
  }

  const Repository& repository_;
  Writer& writer_;
  Destination destination_;
  const CommitAndPushRequest& request_;
  const PlanEdits& plan_;
  Edits edits_;
  Signature author_;
  CommitAndPushOutcome outcome_;
};

}  // namespace

CommitAndPushOutcome commit_and_push(const Repository& repository, Writer& writer,
                                     Destination destination, const CommitAndPushRequest& request,
                                     const PlanEdits& plan) {
  return CommitAndPush(repository, writer, std::move(destination), request, plan).run();
}

}  // namespace gitops::git
