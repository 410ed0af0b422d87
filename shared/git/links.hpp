#pragma once

// Private to shared/git/: following symbolic links the way kubectl opens files, inside one
// revision's tree or the working tree, never out of the repository.

#include <optional>
#include <string>

#include "error.hpp"
#include "git/tree_walk.hpp"

namespace gitops::git {

// The Error for a link that cannot be followed: "cannot read 'app/web.yaml': symbolic link to
// '../../web.yaml' leaves the repository"; `problem` is "leaves the repository", "leads into a
// loop" or "leads nowhere".
Error broken_link(const std::string& path, const std::string& target, const std::string& problem);

// The file blob the link leads to in `root`, the tree it lies in, following further links as the
// kernel would (at most 40); nullopt when it leads to a folder. Throws broken_link() when it
// leaves the tree, loops or leads to nothing.
std::optional<BlobEntry> resolve_tree_link(git_repository* repo, git_tree* root,
                                           const BlobEntry& link);

}  // namespace gitops::git
