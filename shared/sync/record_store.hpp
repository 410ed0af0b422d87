#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kube/api_client.hpp"
#include "kube/kubectl.hpp"
#include "sync/app_record.hpp"

namespace gitops::sync {

// The app's record from the cluster; nullopt when the app was never synced.
std::optional<AppRecord> load_record(kube::ApiClient& api, const std::string& record_namespace,
                                     const std::string& app);

// The same for commands that need a record: Error "unknown app 'x': no sync record in namespace
// 'y' (it was never synced there)".
AppRecord require_record(kube::ApiClient& api, const std::string& record_namespace,
                         const std::string& app);

// Every app recorded in the namespace (for completion and listings).
std::vector<std::string> list_apps(const kube::Kubectl& kubectl,
                                   const std::string& record_namespace);

// Writes the record in one server-side apply.
void save_record(kube::ApiClient& api, const AppRecord& record);

// Creates the records' namespace when it does not exist yet (a fresh cluster needs no set-up).
void ensure_record_namespace(kube::ApiClient& api, const std::string& record_namespace);

}  // namespace gitops::sync
