#pragma once

namespace gitops::gitdiff {

// kubectl gitdiff: what differs between git and the live cluster, or between two revisions.
// Returns the exit code: 0 no differences, 1 differences, 2 and above an error (kubectl diff's
// convention; objects that could not be read count as an error).
int run(int argc, const char* const* argv);

}  // namespace gitops::gitdiff
