#pragma once

#include <string>

#include "promote/run_promotion.hpp"

namespace gitops::promote {

// What kubectl gitpromote prints.

// For people: what changed, what was left alone, and where it was committed and pushed.
std::string present_summary(const Outcome& outcome, const Request& request);

// The edited files as a git-style diff (`diff --git a/... b/...`, new files from /dev/null), which
// git apply accepts; a file that holds a Secret shows its keys, never its values, and a file a
// kustomize secretGenerator reads shows no content (git_file_diff).
std::string present_diff(const Promotion& promotion, bool color);

// The images left alone because only one side uses them, one line each ("" when none).
std::string present_left_alone(const Promotion& promotion, const Request& request);

// For programs: the changes and, when committed, the commit and branch.
std::string present_json(const Outcome& outcome, const Request& request);

}  // namespace gitops::promote
