#include "diff/present_summary.hpp"

#include "diff/object_diff.hpp"
#include "diff/object_title.hpp"
#include "diff/present_policy.hpp"

namespace gitops::diff {

std::string summary_line(const Counts& counts) {
  std::string line = std::to_string(counts.create) + " to create, " +
                     std::to_string(counts.update) + " to update, " +
                     std::to_string(counts.remove) + " to delete, " +
                     std::to_string(counts.unchanged) + " unchanged";
  if (counts.unreadable > 0) {
    line += ", " + std::to_string(counts.unreadable) + " unreadable";
  }
  return line;
}

std::string hook_line(const HookEntry& hook) {
  std::string phases;
  for (const auto& phase : hook.phases)
    phases += (phases.empty() ? "" : ",") + phase;
  const auto& id = hook.id;
  std::string line = "hook " + (phases.empty() ? std::string("not run") : phases) + " " +
                     hook.api_version + " " + id.kind + " " +
                     (id.namespace_.empty() ? "" : id.namespace_ + "/") + id.name;
  if (hook.generated_name)
    line += " (name generated)";
  if (!hook.source.empty())
    line += " from " + hook.source;
  return line;
}

std::string hook_lines(const Report& report) {
  std::string out;
  for (const auto& hook : report.hooks)
    out += hook_line(hook) + "\n";
  return out;
}

std::string signed_by_line(const Report& report) {
  if (!report.source.signature)
    return "";
  return "commit " + report.source.commit.substr(0, 7) + " signed by " +
         report.source.signature->str() + "\n";
}

std::string present_summary(const Report& report) {
  std::string out = signed_by_line(report);
  for (const auto& change : report.changes.objects) {
    if (has_diff(change)) {
      out += std::string(to_string(change.action)) + " " + object_title(change) + "\n";
    } else if (change.action == Action::unreadable) {
      out += "unreadable " + object_title(change) + ": " + change.reason + "\n";
    }
  }
  return out + hook_lines(report) + policy_lines(report.policy) +
         summary_line(report.changes.counts()) + "\n";
}

}  // namespace gitops::diff
