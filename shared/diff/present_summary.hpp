#pragma once

#include <string>

#include "diff/report.hpp"

namespace gitops::diff {

// "2 to create, 5 to update, 1 to delete, 992 unchanged" (and ", 3 unreadable" when any).
std::string summary_line(const Counts& counts);

// "hook pre-sync,post-sync batch/v1 Job shop/migrate- (name generated) from
// envs/prod/migrate.yaml:1": a hook a sync would run, apart from the differences (a skipped one
// says "not run").
std::string hook_line(const HookEntry& hook);
// Every hook's line, "" when there are none.
std::string hook_lines(const Report& report);

// "commit 1a2b3c4 signed by alice@example.com (ssh key SHA256:...)" and a newline, when
// --verify-signatures checked the revision; "" otherwise. The first line of -o diff and summary.
std::string signed_by_line(const Report& report);

// -o summary: one line per changed (or unreadable) object: "update apps/v1 Deployment team-a/web".
std::string present_summary(const Report& report);

}  // namespace gitops::diff
