#pragma once

#include <string>

#include "diff/report.hpp"

namespace gitops::diff {

// -o json: the stable, documented schema (README, "gitdiff JSON").
std::string present_json(const Report& report);

}  // namespace gitops::diff
