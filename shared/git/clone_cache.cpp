#include "git/clone_cache.hpp"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "error.hpp"
#include "git/head.hpp"
#include "git/remote.hpp"
#include "git/writer.hpp"
#include "util/cache.hpp"

namespace gitops::git {
namespace {

namespace fs = std::filesystem;

// FNV-1a: stable across compilers and runs, unlike std::hash; collisions are caught by comparing
// the clone's URL.
std::string url_hash(const std::string& url) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : url) {
    hash = (hash ^ c) * 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

void clone_into(const std::string& url, const fs::path& folder, const RemoteAuth& auth) {
  std::error_code error;
  fs::create_directories(folder.parent_path(), error);
  if (error) {
    throw Error("cannot create " + quoted(folder.parent_path().string()) + ": " + error.message());
  }
  // Clone beside it and rename, so that an interrupted clone never looks like a complete one.
  const fs::path partial = folder.string() + ".partial-" + std::to_string(::getpid());
  fs::remove_all(partial, error);
  try {
    clone_bare(url, partial, auth);
  } catch (...) {
    fs::remove_all(partial, error);
    throw;
  }
  fs::rename(partial, folder, error);
  if (error) {
    fs::remove_all(partial, error);  // another run finished first: use its clone
  }
}

}  // namespace

fs::path default_cache_root() {
  auto folder = util::cache_folder("repos");
  if (!folder)
    throw Error("cannot find a cache folder for --repo: set HOME or XDG_CACHE_HOME");
  return *folder;
}

fs::path cache_folder(const fs::path& root, const std::string& url) {
  return root / url_hash(url);
}

fs::path cached_clone(const std::string& url, const fs::path& root, const RemoteAuth& auth) {
  const fs::path folder = cache_folder(root, url);
  if (!fs::exists(folder)) {
    clone_into(url, folder, auth);
  }
  const Writer writer = Writer::open(folder);
  const std::string cached_url = remote_url(writer, "origin");
  if (cached_url != url) {
    throw Error("the cache folder " + quoted(folder.string()) + " holds a clone of " +
                quoted(masked_url(cached_url)) + ", not of " + quoted(masked_url(url)) +
                "; remove it");
  }
  return folder;
}

CachedClone prepare_cached_clone(const std::string& url, const fs::path& root) {
  const fs::path folder = cached_clone(url, root);
  Writer writer = Writer::open(folder);
  const auto branch = current_branch(writer);
  if (!branch) {
    throw Error("the clone of " + quoted(masked_url(url)) + " in " + quoted(folder.string()) +
                " has no default branch; remove it");
  }
  const auto tip = fetch_branch(writer, "origin", *branch);
  if (!tip) {
    throw Error(quoted(masked_url(url)) + " has no branch " + quoted(*branch) +
                " (its default branch when it was cloned); remove " + quoted(folder.string()));
  }
  reset_branch(writer, *branch, *tip);
  return CachedClone{folder, *branch};
}

}  // namespace gitops::git
