#include "promote/run_promotion.hpp"

#include <cstdlib>

#include "error.hpp"
#include "git/commit_and_push.hpp"
#include "git/destination.hpp"
#include "git/identity.hpp"
#include "promote/message.hpp"

namespace gitops::promote {
namespace {

std::string where(const git::Commit& commit) {
  if (commit.revspec.empty() || commit.revspec == commit.sha) {
    return commit.short_sha();
  }
  return commit.revspec + " (" + commit.short_sha() + ")";
}

Folder read_folder(const git::Repository& repository, const git::Commit& commit,
                   const std::string& path) {
  if (path.empty()) {
    throw Error("name a folder of the repository, not its root");
  }
  if (!repository.exists(commit, path)) {
    throw Error(quoted(path) + " does not exist at " + where(commit), ErrorKind::not_found);
  }
  Folder folder{path, where(commit), repository.read_files(commit, {path})};
  if (folder.files.size() == 1 && folder.files.front().path == path) {
    throw Error(quoted(path) + " is a file at " + where(commit) + "; name its folder");
  }
  return folder;
}

std::string promoted_by(const git::Writer& writer) {
  if (auto identity = git::configured_identity(writer)) {
    return identity->str();
  }
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "unknown";
}

Origin origin_of(const Request& request, const std::string& source_sha) {
  if (request.overrides.empty()) {
    return Origin{request.from, request.from + "@" + source_sha};
  }
  std::string trailer;
  for (const ImageOverride& override : request.overrides) {
    trailer += (trailer.empty() ? "image " : ", ") + override.name + "=" + override.ref.str();
  }
  const std::string label = request.overrides.size() == 1
                                ? "image " + request.overrides.front().ref.name
                                : std::to_string(request.overrides.size()) + " images";
  return Origin{label, trailer};
}

std::vector<git::FileChange> file_changes(const Promotion& promotion) {
  std::vector<git::FileChange> changes;
  for (const EditedFile& file : promotion.files) {
    changes.push_back(git::FileChange{file.path, file.after});
  }
  return changes;
}

class Promoter {
 public:
  Promoter(const Workspace& workspace, const Request& request)
      : workspace_(workspace), request_(request) {}

  Outcome run() {
    const git::Destination destination = git::choose_destination(
        *workspace_.repository, *workspace_.writer,
        git::DestinationRequest{request_.new_branch, workspace_.scratch, request_.dry_run});
    if (request_.overrides.empty()) {
      const git::Commit source = workspace_.repository->resolve(request_.revision);
      source_ = read_folder(*workspace_.repository, source, request_.from);
      outcome_.source_sha = source.sha;
    }
    outcome_.branch = destination.branch;
    git::CommitAndPushRequest commit_request{request_.dry_run,        request_.push,
                                             request_.remote,         "promotion",
                                             "run the command again", request_.sign};
    if (request_.policy) {
      commit_request.check = [&](const git::Commit& candidate) {
        outcome_.policy = request_.policy(candidate);
        return outcome_.policy->passed();
      };
    }
    const git::CommitAndPushOutcome committed =
        git::commit_and_push(*workspace_.repository, *workspace_.writer, destination,
                             commit_request, [&](const git::Commit& base) { return plan(base); });
    outcome_.commit = committed.commit;
    outcome_.pushed = committed.pushed;
    outcome_.push_attempts = committed.push_attempts;
    return outcome_;
  }

 private:
  git::Edits plan(const git::Commit& base) {
    const Folder target = read_folder(*workspace_.repository, base, request_.to);
    outcome_.promotion = request_.overrides.empty()
                             ? plan_promotion(*source_, target, request_.selection)
                             : plan_image_overrides(target, request_.overrides);
    outcome_.message = commit_message(outcome_.promotion, origin_of(request_, outcome_.source_sha),
                                      request_.to, promoted_by(*workspace_.writer));
    return git::Edits{file_changes(outcome_.promotion), outcome_.message};
  }

  const Workspace& workspace_;
  const Request& request_;
  std::optional<Folder> source_;
  Outcome outcome_;
};

}  // namespace

Outcome run_promotion(const Workspace& workspace, const Request& request) {
  return Promoter(workspace, request).run();
}

}  // namespace gitops::promote
