#pragma once

// The three things gitrevert does to the cluster's side of an app: roll it back without a commit
// and pin it there, release that pin, and sync a revert made in git.

#include <optional>
#include <string>

#include "git/repository.hpp"
#include "git/writer.hpp"
#include "kube/api_client.hpp"
#include "kube/kubectl.hpp"
#include "revert/rollback_choice.hpp"
#include "revert/run_revert.hpp"
#include "sync/sync_app.hpp"

namespace gitops::revert {

// --cluster-only: syncs the chosen earlier revision now, without a commit, and pins the app there
// so that no sync undoes the rollback until it is unpinned.
sync::SyncOutcome roll_back_cluster(const kube::Kubectl& kubectl, kube::ApiClient& api,
                                    const git::Repository& repository,
                                    const sync::AppRecord& record, const RollbackChoice& choice,
                                    bool dry_run, const pipeline::RenderOptions& render = {});

// --unpin: releases a --cluster-only pin. Returns the line to tell the user.
std::string unpin(kube::ApiClient& api, const std::string& record_namespace,
                  const std::string& app);

// The default mode and --commit, after run_revert(): with `sync`, a sync of the app to the new
// commit, or, when there was nothing to commit, to the folders as they are (running the command
// again finishes a revert whose sync failed).
struct RevertAndSync {
  Outcome revert;
  std::optional<sync::SyncOutcome> synced;
};
RevertAndSync revert_in_git(const kube::Kubectl& kubectl, kube::ApiClient& api,
                            const git::Repository& repository, git::Writer& writer,
                            const sync::AppRecord& record, const Request& request, bool sync,
                            const pipeline::RenderOptions& render = {});

}  // namespace gitops::revert
