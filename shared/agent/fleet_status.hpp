#pragma once

// gitsync --status without --app: one row per app, of the cluster's records or of an apps file
// across its contexts.

#include <optional>
#include <string>
#include <vector>

#include "agent/app_spec.hpp"
#include "kube/kubectl.hpp"
#include "sync/app_status.hpp"

namespace gitops::agent {

struct FleetRow {
  std::string app;
  std::string context;  // "": the current one
  std::optional<sync::AppStatus> status;
  std::string error;  // why there is no status (no record, the cluster did not answer...)
};

// The status of each app: `apps` as an apps file lists them (each on its context, drift against
// its repository, a URL's cached clone if one exists), read in parallel. A row whose cluster or
// record cannot be read says why instead.
std::vector<FleetRow> fleet_status(const std::vector<AppSpec>& apps,
                                   const kube::KubectlOptions& kubectl);

// Every app recorded in `record_namespace` on the current context, as specs for fleet_status
// (drift against `repository` when given: the clone the command runs in).
std::vector<AppSpec> recorded_apps(const kube::KubectlOptions& kubectl,
                                   const std::string& record_namespace,
                                   const std::string& repository);

// APP  CONTEXT  REVISION  SYNCED  HEALTH  DRIFT  STATE, one line per app.
std::string present_fleet_text(const std::vector<FleetRow>& rows);
// {"apiVersion": "gitops.kubectl.dev/v1", "kind": "AppStatusList", "items": [AppStatus + context
// (+ error)]}.
std::string present_fleet_json(const std::vector<FleetRow>& rows);

}  // namespace gitops::agent
