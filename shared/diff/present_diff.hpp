#pragma once

#include <string>

#include "diff/report.hpp"

namespace gitops::diff {

// -o diff: per changed object a unified diff of the declared fields (before: the live object or
// revision A; after: git), headers naming the object and both sides, then the summary line.
// `color` adds ANSI colours (red removals, green additions, bold headers).
std::string present_diff(const Report& report, bool color);

}  // namespace gitops::diff
