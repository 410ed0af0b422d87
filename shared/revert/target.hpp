#pragma once

#include <optional>
#include <string>

#include "sync/app_record.hpp"

namespace gitops::revert {

// The revision a rollback goes back to, chosen from the app's sync history:
// - `to` (a full SHA the user's --to resolved to) must be a revision the app was synced to
//   successfully;
// - `steps` goes back that many distinct successfully synced revisions from the live one;
// - neither: the revision synced before the live one (steps = 1).
// Throws Error when the app has no history or the target lies outside it.
const sync::SyncRecord& rollback_target(const sync::AppRecord& record,
                                        const std::optional<std::string>& to,
                                        std::optional<int> steps);

// The live revision's record: the pin's when pinned, else the newest successful sync.
const sync::SyncRecord* live_record(const sync::AppRecord& record);

}  // namespace gitops::revert
