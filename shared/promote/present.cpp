#include "promote/present.hpp"

#include <nlohmann/json.hpp>

#include "diff/file_diff.hpp"
#include "diff/present_policy.hpp"
#include "git/push_retry.hpp"
#include "promote/message.hpp"

namespace gitops::promote {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) {
    text += (text.empty() ? "" : ", ") + item;
  }
  return text;
}

std::string source_label(const Request& request) {
  return request.overrides.empty() ? request.from : "the given images";
}

const char* kind_name(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::image:
      return "image";
    case ChangeKind::field:
      return "field";
    case ChangeKind::file:
      return "file";
  }
  return "image";
}

}  // namespace

std::string present_left_alone(const Promotion& promotion, const Request& request) {
  std::string text;
  if (!promotion.only_in_source.empty()) {
    text +=
        "left alone, used only by " + request.from + ": " + joined(promotion.only_in_source) + "\n";
  }
  if (!promotion.only_in_target.empty() && request.overrides.empty()) {
    text +=
        "left alone, used only by " + request.to + ": " + joined(promotion.only_in_target) + "\n";
  }
  return text;
}

std::string present_summary(const Outcome& outcome, const Request& request) {
  const Promotion& promotion = outcome.promotion;
  std::string text;
  if (promotion.empty()) {
    text += "nothing to promote: " + request.to + " already matches " + source_label(request);
    if (!promotion.up_to_date.empty()) {
      text += " (" + joined(promotion.up_to_date) + ")";
    }
    return text + "\n" + present_left_alone(promotion, request);
  }
  text += outcome.message.substr(0, outcome.message.find('\n')) + "\n";
  for (const Change& change : promotion.changes) {
    text += "  " + describe_change(change) + "  (" + joined(change.files) + ")\n";
  }
  text += present_left_alone(promotion, request);
  text += diff::policy_lines(outcome.policy);
  if (outcome.denied()) {
    return text + "not committed: the cluster's admission denies what " + request.to +
           " would then hold\n";
  }
  text += git::describe_commit_and_push(outcome.commit ? outcome.commit->short_sha() : "",
                                        outcome.branch, outcome.pushed, request.remote,
                                        outcome.push_attempts);
  return text;
}

std::string present_diff(const Promotion& promotion, bool color) {
  std::vector<diff::FileEdit> edits;
  for (const EditedFile& file : promotion.files) {
    edits.push_back(diff::FileEdit{file.path, file.before, file.after});
  }
  return diff::git_file_diff(edits, promotion.generator_files, color);
}

std::string present_json(const Outcome& outcome, const Request& request) {
  using nlohmann::json;
  json changes = json::array();
  for (const Change& change : outcome.promotion.changes) {
    changes.push_back({{"kind", kind_name(change.kind)},
                       {"subject", change.subject},
                       {"name", change.name},
                       {"from", change.before},
                       {"to", change.after},
                       {"files", change.files}});
  }
  json files = json::array();
  for (const EditedFile& file : outcome.promotion.files) {
    files.push_back(file.path);
  }
  json report = {
      {"from", request.overrides.empty() ? json(request.from) : json(nullptr)},
      {"to", request.to},
      {"sourceCommit", outcome.source_sha.empty() ? json(nullptr) : json(outcome.source_sha)},
      {"dryRun", request.dry_run},
      {"changes", changes},
      {"files", files},
      {"onlyInSource", outcome.promotion.only_in_source},
      {"onlyInTarget", outcome.promotion.only_in_target},
      {"upToDate", outcome.promotion.up_to_date},
      {"message", outcome.promotion.empty() ? json(nullptr) : json(outcome.message)},
      {"commit", outcome.commit ? json(outcome.commit->sha) : json(nullptr)},
      {"branch", outcome.commit ? json(outcome.branch) : json(nullptr)},
      {"pushed", outcome.pushed},
      {"remote", outcome.pushed ? json(request.remote) : json(nullptr)},
      {"pushAttempts", outcome.push_attempts},
  };
  if (outcome.policy)
    report["policy"] = json::parse(diff::policy_json(*outcome.policy).dump());
  return report.dump(2) + "\n";
}

}  // namespace gitops::promote
