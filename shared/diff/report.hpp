#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diff/change_set.hpp"

namespace gitops::diff {

// What the "after" side is: a revision of the repository or its working tree.
struct SourceInfo {
  std::string repository;  // the working tree's root (or the repository path)
  std::string revision;    // as the user typed it: "HEAD", "main~1", or "" for the working tree
  std::string commit;      // full SHA; "" for the working tree
  std::vector<std::string> paths;  // repository-relative; empty: the whole repository
};

// What the "before" side is: a live cluster, or another revision (gitdiff --rev A..B).
struct TargetInfo {
  std::string context;   // kubeconfig context ("" for a revision)
  std::string server;    // API server URL ("" for a revision)
  std::string revision;  // revision A ("" for a cluster)
  std::string commit;    // full SHA of revision A

  bool is_revision() const { return !commit.empty(); }
};

// Everything a presenter formats. Presenters read only this: nothing they print can come from
// anywhere else, so masking in the comparer is the one place that keeps Secrets out of output.
struct Report {
  SourceInfo source;
  TargetInfo target;
  ChangeSet changes;
};

}  // namespace gitops::diff
