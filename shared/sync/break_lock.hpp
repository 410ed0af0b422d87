#pragma once

#include <string>

#include "kube/api_client.hpp"

namespace gitops::sync {

// gitsync --break-lock: removes the app's lock left by a sync that died, once its holder is known
// not to run on this machine (AppLock::refuse_to_break); with `dry_run`, only says whose lock it
// would remove. Returns the line to tell the user.
std::string break_app_lock(kube::ApiClient& api, const std::string& record_namespace,
                           const std::string& app, bool dry_run);

}  // namespace gitops::sync
