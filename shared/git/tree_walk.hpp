#pragma once

// Private to shared/git/: listing the blobs of a tree at a revision.

#include <string>
#include <vector>

#include "git/handles.hpp"

namespace gitops::git {

struct BlobEntry {
  std::string path;  // repository-relative, '/' separators
  git_oid id;
  git_filemode_t mode;
};

// Every blob (files, executables and symbolic links; not submodules) beneath `tree`, in the tree's
// own order, each path prefixed with `prefix` ("" or "envs/prod/").
std::vector<BlobEntry> list_blobs(git_tree* tree, const std::string& prefix);

// The blob's bytes (for a symbolic link, its target).
std::string read_blob(git_repository* repo, const BlobEntry& entry);

}  // namespace gitops::git
