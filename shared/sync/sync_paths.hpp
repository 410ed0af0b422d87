#pragma once

#include <string>
#include <vector>

#include "manifest/object.hpp"
#include "sync/app_record.hpp"
#include "sync/prune.hpp"

namespace gitops::sync {

// Guards on what a sync is asked to apply, so that a typo in a PATH or an empty folder can never
// delete an app: each throws Error before anything is written.

// The app's record names the paths it was synced from; a sync naming others (`gitsync docs --app
// shop`) is refused unless `change_paths` (--change-paths) says the move is meant.
void require_recorded_paths(const AppRecord& record, const std::vector<std::string>& paths,
                            bool change_paths);

// Every PATH the user named renders at least one object.
void require_rendered_paths(const std::vector<manifest::Object>& desired,
                            const std::vector<std::string>& paths, const std::string& revision);

// A revision that renders nothing never prunes: an empty render is far likelier a broken source
// than an app meant to be deleted.
void refuse_empty_prune(const std::vector<manifest::Object>& desired, const PrunePlan& prune,
                        const std::string& app, const std::string& revision);

}  // namespace gitops::sync
