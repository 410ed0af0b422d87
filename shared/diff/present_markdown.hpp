#pragma once

#include <string>

#include "diff/report.hpp"

namespace gitops::diff {

// -o markdown: for a pull-request comment: the summary as a table, each object's diff in a
// collapsible block.
std::string present_markdown(const Report& report);

}  // namespace gitops::diff
