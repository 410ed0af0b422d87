#pragma once

namespace gitops::gitpromote {

// kubectl gitpromote: promote a release from one environment folder to the next as one commit.
// Returns the exit code: 0 promoted (or nothing to promote), 2 and above an error.
int run(int argc, const char* const* argv);

}  // namespace gitops::gitpromote
