#pragma once

// Private to shared/promote/: planning the images of a promotion.

#include "promote/plan_state.hpp"
#include "promote/promotion.hpp"

namespace gitops::promote {

// Each image the target uses (or those `selection` names) gets the tag and digest the source uses.
void plan_images(FolderFiles& source, FolderFiles& target, const Selection& selection,
                 EditSet& edits, Promotion& promotion);

}  // namespace gitops::promote
