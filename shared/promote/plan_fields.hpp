#pragma once

// Private to shared/promote/: planning the fields of a promotion (--field FILE:PATH).

#include <vector>

#include "promote/plan_state.hpp"
#include "promote/promotion.hpp"

namespace gitops::promote {

// Each field's value in the target takes the value of the same file and path in the source.
void plan_fields(FolderFiles& source, FolderFiles& target, const std::vector<FieldSpec>& fields,
                 EditSet& edits, Promotion& promotion);

}  // namespace gitops::promote
