#pragma once

#include <string>

#include "sync/app_record.hpp"

namespace gitops::revert {

// gitrevert --list: the app's sync history, newest first, numbered, with the live entry marked
// and a pin shown first.
std::string present_history_text(const sync::AppRecord& record);
std::string present_history_json(const sync::AppRecord& record);

}  // namespace gitops::revert
