#pragma once

#include <string>

#include "git/repository.hpp"
#include "sync/app_record.hpp"
#include "sync/sync_app.hpp"

namespace gitops::revert {

// A sync of the app to `commit` as its record describes the app: the same folders, prune setting
// and record namespace, with the ignore rules at the commit. `kind` is what the history calls it
// (revert, cluster-only rollback). The repository must outlive the request.
// `render` is how its charts and Jsonnet render (gitrevert's --helm, --values and the like).
sync::SyncRequest sync_request_for(const git::Repository& repository, const sync::AppRecord& record,
                                   const git::Commit& commit, sync::SyncKind kind,
                                   const pipeline::RenderOptions& render = {});

}  // namespace gitops::revert
