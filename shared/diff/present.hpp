#pragma once

#include <string>

#include "diff/report.hpp"

namespace gitops::diff {

// "2 to create, 5 to update, 1 to delete, 992 unchanged" (and ", 3 unreadable" when any).
std::string summary_line(const Counts& counts);

// -o diff: per changed object a unified diff of the declared fields (before: the live object or
// revision A; after: git), headers naming the object and both sides, then the summary line.
// `color` adds ANSI colours (red removals, green additions, bold headers).
std::string present_diff(const Report& report, bool color);

// -o json: the stable, documented schema (README, "gitdiff JSON").
std::string present_json(const Report& report);

// -o markdown: for a pull-request comment: the summary as a table, each object's diff in a
// collapsible block.
std::string present_markdown(const Report& report);

// -o summary: one line per changed (or unreadable) object: "update apps/v1 Deployment team-a/web".
std::string present_summary(const Report& report);

}  // namespace gitops::diff
