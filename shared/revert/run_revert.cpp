#include "revert/run_revert.hpp"

#include "error.hpp"
#include "git/commit_and_push.hpp"
#include "git/destination.hpp"
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
    const git::Destination destination = git::choose_destination(
        repository_, writer_,
        git::DestinationRequest{request_.new_branch, false, request_.dry_run});
    outcome_.branch = destination.branch;
    if (!request_.new_branch && !request_.dry_run) {
      require_clean_folders(writer_, request_.paths);
    }
    const git::CommitAndPushOutcome committed = git::commit_and_push(
        repository_, writer_, destination,
        git::CommitAndPushRequest{request_.dry_run, request_.push, request_.remote, "revert",
                                  "pull (rebase) and push it yourself", request_.sign},
        [&](const git::Commit& base) { return plan(base); });
    outcome_.commit = committed.commit;
    outcome_.pushed = committed.pushed;
    outcome_.push_attempts = committed.push_attempts;
    return outcome_;
  }

 private:
  git::Edits plan(const git::Commit& base) {
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
    return git::Edits{changes_of(outcome_.files), outcome_.message};
  }

  const git::Repository& repository_;
  git::Writer& writer_;
  const Request& request_;
  Outcome outcome_;
};

}  // namespace

Outcome run_revert(const git::Repository& repository, git::Writer& writer, const Request& request) {
  return Reverter(repository, writer, request).run();
}

}  // namespace gitops::revert
