#pragma once

// gitsync --suspend and --resume: whether the agent (gitsync --watch) leaves an app alone. A
// person's gitsync still syncs a suspended app; only automation stops.

#include <string>

#include "kube/api_client.hpp"

namespace gitops::sync {

// Marks the app suspended (or not) in its record, under the app's lock; the line to print. Error
// for an app that was never synced.
std::string suspend_app(kube::ApiClient& api, const std::string& record_namespace,
                        const std::string& app, bool suspend);

}  // namespace gitops::sync
