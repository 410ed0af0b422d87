#pragma once

namespace gitops::gitrevert {

// kubectl gitrevert: list what was synced; revert in git as a new commit (and sync it); undo one
// commit; or roll the cluster back at once and pin it there until git catches up.
int run(int argc, const char* const* argv);

}  // namespace gitops::gitrevert
