#include "diff/present_policy.hpp"

#include "diff/object_json.hpp"
#include "diff/object_title.hpp"

namespace gitops::diff {

namespace {

std::string title_of(const Denial& denial) {
  std::string title = object_title(denial.api_version, denial.id);
  return denial.source.empty() ? title : title + " (" + denial.source + ")";
}

std::string refused_by(const Denial& denial) {
  if (denial.by == "server")
    return "the API server";
  std::string by = denial.by + " '" + denial.policy + "'";
  return denial.binding.empty() || denial.binding == denial.policy
             ? by
             : by + " (binding '" + denial.binding + "')";
}

}  // namespace

std::string denial_line(const Denial& denial) {
  return "denied " + title_of(denial) + " by " + refused_by(denial) + ": " + denial.message;
}

std::string skipped_line(const Denial& skipped) {
  return "not checked " + title_of(skipped) + ": " + skipped.message;
}

std::string policy_summary_line(const PolicyCheck& check) {
  std::string line = "policy: " + std::to_string(check.checked) + " checked, " +
                     std::to_string(check.denied.size()) + " denied";
  if (!check.skipped.empty())
    line += ", " + std::to_string(check.skipped.size()) + " not checked";
  return line;
}

std::string policy_lines(const std::optional<PolicyCheck>& check) {
  if (!check)
    return "";
  std::string out;
  for (const auto& denial : check->denied)
    out += denial_line(denial) + "\n";
  for (const auto& skipped : check->skipped)
    out += skipped_line(skipped) + "\n";
  return out + policy_summary_line(*check) + "\n";
}

nlohmann::ordered_json policy_json(const PolicyCheck& check) {
  nlohmann::ordered_json out;
  out["checked"] = check.checked;
  out["denied"] = nlohmann::ordered_json::array();
  for (const auto& denial : check.denied) {
    auto entry = identity_json(denial.id, denial.api_version);
    entry["source"] = denial.source;
    entry["by"] = denial.by;
    entry["policy"] = denial.policy;
    entry["binding"] = denial.binding;
    entry["message"] = denial.message;
    out["denied"].push_back(std::move(entry));
  }
  out["skipped"] = nlohmann::ordered_json::array();
  for (const auto& skipped : check.skipped) {
    auto entry = identity_json(skipped.id, skipped.api_version);
    entry["source"] = skipped.source;
    entry["reason"] = skipped.message;
    out["skipped"].push_back(std::move(entry));
  }
  return out;
}

}  // namespace gitops::diff
