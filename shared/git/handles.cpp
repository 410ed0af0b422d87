#include "git/handles.hpp"

#include "error.hpp"

namespace gitops::git {

void ensure_libgit2() {
  // A function-local static: constructed once, thread-safely, and destroyed at exit after every
  // Repository created later (statics are destroyed in reverse order of construction).
  struct Library {
    Library() {
      git_libgit2_init();
      // libgit2 caches trees of at most 4 KiB by default, so a folder of thousands of manifests
      // (a tree of hundreds of KiB) was inflated again for every path looked up in it.
      git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, std::size_t{64} << 20);
      git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, std::ptrdiff_t{512} << 20);
    }
    ~Library() { git_libgit2_shutdown(); }
  };
  static const Library library;
}

std::string last_error_message() {
  const git_error* error = git_error_last();
  return error && error->message ? error->message : "unknown error";
}

void check(int code, const std::string& what) {
  if (code < 0) {
    throw Error(what + ": " + last_error_message());
  }
}

std::string normalize_path(const std::string& path) {
  std::string result = path;
  while (result.starts_with("./")) {
    result.erase(0, 2);
  }
  while (result.size() > 1 && result.ends_with('/')) {
    result.pop_back();
  }
  if (result == "." || result == "/") {
    result.clear();
  }
  return result;
}

bool is_file_mode(git_filemode_t mode) {
  return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

CommitPtr lookup_commit(git_repository* repo, const Commit& commit) {
  git_oid oid;
  if (commit.sha.size() != GIT_OID_HEXSZ || git_oid_fromstr(&oid, commit.sha.c_str()) < 0) {
    throw Error("invalid commit id " + quoted(commit.sha));
  }
  git_commit* raw = nullptr;
  check(git_commit_lookup(&raw, repo, &oid), "cannot read commit " + quoted(commit.short_sha()));
  return CommitPtr(raw);
}

TreePtr commit_tree(git_repository* repo, const Commit& commit) {
  CommitPtr object = lookup_commit(repo, commit);
  git_tree* raw = nullptr;
  check(git_commit_tree(&raw, object.get()),
        "cannot read the tree of commit " + quoted(commit.short_sha()));
  return TreePtr(raw);
}

std::string describe(const Commit& commit) {
  if (commit.revspec.empty() || commit.revspec == commit.sha) {
    return commit.short_sha();
  }
  return commit.revspec + " (" + commit.short_sha() + ")";
}

}  // namespace gitops::git
