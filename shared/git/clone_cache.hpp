#pragma once

#include <filesystem>
#include <string>

#include "git/remote.hpp"

namespace gitops::git {

// A remote repository worked on without a clone of the user's: a bare clone kept in a cache
// folder, brought up to date with the remote before each use.
struct CachedClone {
  std::filesystem::path path;
  std::string branch;  // the remote's default branch, now at the remote's tip
};

// $XDG_CACHE_HOME/kubectl-gitops/repos, else ~/.cache/kubectl-gitops/repos.
std::filesystem::path default_cache_root();

// The folder a URL's clone lives in: `root`/<16 hex digits of a hash of the URL>.
std::filesystem::path cache_folder(const std::filesystem::path& root, const std::string& url);

// The bare clone of `url` in its cache folder, cloned the first time (with `auth`); Error when the
// folder holds a clone of another URL.
std::filesystem::path cached_clone(const std::string& url, const std::filesystem::path& root,
                                   const RemoteAuth& auth = {});

// Clones `url` into its cache folder the first time; after that, fetches its default branch.
// Either way the local branch is left at the remote's tip. Error when the folder holds a clone of
// another URL, or the remote has no default branch.
CachedClone prepare_cached_clone(const std::string& url, const std::filesystem::path& root);

}  // namespace gitops::git
