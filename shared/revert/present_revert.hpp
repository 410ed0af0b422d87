#pragma once

#include <optional>
#include <string>

#include "revert/run_revert.hpp"
#include "sync/sync_app.hpp"

namespace gitops::revert {

// What kubectl gitrevert prints for a revert in git.

// For people: the subject and the files, where it was committed and pushed; or why there is
// nothing to revert.
std::string present_revert_text(const Outcome& outcome, const Request& request);

// --dry-run: what the commit would change, as a git-style diff (git apply accepts it; a file that
// holds a Secret shows its keys, never its values, and a file a kustomize secretGenerator reads
// shows no content: git_file_diff), and the commentary line that
// goes to stderr beside it ("dry run: would commit on main: revert ...").
std::string present_revert_diff(const Outcome& outcome, bool color);
std::string present_dry_run_note(const Outcome& outcome);

// For programs: a RevertResult (app, mode "restore" or "undo", target, commit or null, branch,
// files), with the sync's SyncResult when the revert was synced, else null.
std::string present_revert_json(const Outcome& outcome, const Request& request,
                                const std::string& app,
                                const std::optional<sync::SyncOutcome>& synced);

}  // namespace gitops::revert
