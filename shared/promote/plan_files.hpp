#pragma once

// Private to shared/promote/: planning the whole files of a promotion (--files GLOB).

#include <string>
#include <vector>

#include "promote/plan_state.hpp"
#include "promote/promotion.hpp"

namespace gitops::promote {

// The files of the source that `globs` match are copied whole to the target.
void plan_files(const FolderFiles& source, const FolderFiles& target,
                const std::vector<std::string>& globs, EditSet& edits, Promotion& promotion);

}  // namespace gitops::promote
