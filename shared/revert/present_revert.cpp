#include "revert/present_revert.hpp"

#include <nlohmann/json.hpp>

#include "git/push_retry.hpp"
#include "revert/message.hpp"
#include "sync/present_sync.hpp"

namespace gitops::revert {
namespace {

std::string subject_of(const std::string& message) {
  return message.substr(0, message.find('\n'));
}

std::string nothing_to_revert(const Request& request) {
  const std::string folders = folders_label(request.paths);
  if (request.mode == Mode::restore) {
    return "nothing to revert: " + folders + " already " +
           (request.paths.size() > 1 ? "match " : "matches ") + request.target.short_sha() + " (" +
           request.target.subject + ")\n";
  }
  return "nothing to revert: undoing " + request.target.short_sha() + " changes nothing in " +
         folders + "\n";
}

}  // namespace

std::string present_revert_text(const Outcome& outcome, const Request& request) {
  if (outcome.empty()) {
    return nothing_to_revert(request);
  }
  std::string text = subject_of(outcome.message) + "\n";
  for (const diff::FileEdit& edit : outcome.files) {
    text += "  " + describe_edit(edit) + "\n";
  }
  text += git::describe_commit_and_push(outcome.commit ? outcome.commit->short_sha() : "",
                                        outcome.branch, outcome.pushed, request.remote,
                                        outcome.push_attempts);
  return text;
}

std::string present_revert_diff(const Outcome& outcome, bool color) {
  return diff::git_file_diff(outcome.files, outcome.generator_files, color);
}

std::string present_dry_run_note(const Outcome& outcome) {
  return "dry run: would commit on " + outcome.branch + ": " + subject_of(outcome.message) + "\n";
}

std::string present_revert_json(const Outcome& outcome, const Request& request,
                                const std::string& app,
                                const std::optional<sync::SyncOutcome>& synced) {
  using nlohmann::ordered_json;
  ordered_json files = ordered_json::array();
  for (const diff::FileEdit& edit : outcome.files) {
    files.push_back(edit.path);
  }
  ordered_json json;
  json["apiVersion"] = "gitops.kubectl.dev/v1";
  json["kind"] = "RevertResult";
  json["app"] = app;
  json["mode"] = request.mode == Mode::restore ? "restore" : "undo";
  json["dryRun"] = request.dry_run;
  json["target"] = {{"commit", request.target.sha}, {"subject", request.target.subject}};
  json["commit"] = outcome.commit ? ordered_json(outcome.commit->sha) : ordered_json(nullptr);
  json["branch"] = outcome.branch;
  json["pushed"] = outcome.pushed;
  json["files"] = files;
  json["sync"] =
      synced ? ordered_json::parse(sync::present_sync_json(*synced, false)) : ordered_json(nullptr);
  return json.dump(2) + "\n";
}

}  // namespace gitops::revert
