#include "diff/present_diff.hpp"

#include "diff/object_diff.hpp"
#include "diff/object_title.hpp"
#include "diff/present_policy.hpp"
#include "diff/present_summary.hpp"

namespace gitops::diff {

// The objects' diffs in the change set's order, as one patch; then, after a blank line, the
// objects that could not be compared (last, next to the count that includes them), the hooks a
// sync would run, and the summary line.
std::string present_diff(const Report& report, bool color) {
  std::string out = signed_by_line(report);
  for (const auto& change : report.changes.objects) {
    if (has_diff(change)) {
      out += object_diff(report, change, color);
    }
  }
  if (out.size() > signed_by_line(report).size()) {
    out += '\n';
  }
  for (const auto& change : report.changes.objects) {
    if (change.action == Action::unreadable) {
      out += "! unreadable: " + object_title(change) + ": " + change.reason + "\n";
    }
  }
  return out + hook_lines(report) + policy_lines(report.policy) +
         summary_line(report.changes.counts()) + "\n";
}

}  // namespace gitops::diff
