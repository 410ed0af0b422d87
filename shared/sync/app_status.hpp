#pragma once

#include <optional>
#include <string>

#include "git/repository.hpp"
#include "kube/api_client.hpp"
#include "kube/kubectl.hpp"
#include "pipeline/plan.hpp"
#include "sync/app_record.hpp"
#include "sync/wait.hpp"

namespace gitops::sync {

// gitsync --status: what the app's record says, and how far the cluster drifted from it.
struct AppStatus {
  AppRecord record;
  // Objects that differ from the synced commit; nullopt when unknown (no repository at hand, or
  // one that does not hold the synced commit).
  std::optional<int> drifted;
  // Every recorded object's health at one look, the worst first.
  std::vector<ObjectHealth> health;

  // The worst object's state; current when the app has none.
  HealthState overall() const;
};

// Reads the app's record (Error when it has none), looks once at the health of every object it
// records and, when `repository` holds the synced commit, compares that commit (rendered with
// `render`, as the app's syncs rendered it) with the cluster.
AppStatus app_status(const kube::Kubectl& kubectl, kube::ApiClient& api,
                     const git::Repository* repository, const std::string& record_namespace,
                     const std::string& app, pipeline::RenderOptions render = {});

}  // namespace gitops::sync
