#pragma once

namespace gitops::gitsync {

// kubectl gitsync: apply a committed revision to the cluster, with an inventory, safe pruning, a
// lock and a history. Returns the exit code: 0 synced (or planned), 2 and above an error or a sync
// in which some object failed.
int run(int argc, const char* const* argv);

}  // namespace gitops::gitsync
