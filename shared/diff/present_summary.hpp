#pragma once

#include <string>

#include "diff/report.hpp"

namespace gitops::diff {

// "2 to create, 5 to update, 1 to delete, 992 unchanged" (and ", 3 unreadable" when any).
std::string summary_line(const Counts& counts);

// -o summary: one line per changed (or unreadable) object: "update apps/v1 Deployment team-a/web".
std::string present_summary(const Report& report);

}  // namespace gitops::diff
