#include "git/tree_walk.hpp"

#include <exception>

#include "error.hpp"

namespace gitops::git {
namespace {

struct WalkState {
  const std::string* prefix;
  std::vector<BlobEntry>* blobs;
  std::exception_ptr failure;  // exceptions must not unwind through libgit2's C frames
};

int collect_blob(const char* root, const git_tree_entry* entry, void* payload) {
  auto* state = static_cast<WalkState*>(payload);
  if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) {
    return 0;  // descend into trees; skip submodules (commits)
  }
  try {
    state->blobs->push_back(BlobEntry{*state->prefix + root + git_tree_entry_name(entry),
                                      *git_tree_entry_id(entry), git_tree_entry_filemode(entry)});
    return 0;
  } catch (...) {
    state->failure = std::current_exception();
    return -1;
  }
}

}  // namespace

std::vector<BlobEntry> list_blobs(git_tree* tree, const std::string& prefix) {
  std::vector<BlobEntry> blobs;
  WalkState state{&prefix, &blobs, nullptr};
  const int code = git_tree_walk(tree, GIT_TREEWALK_PRE, collect_blob, &state);
  if (state.failure) {
    std::rethrow_exception(state.failure);
  }
  check(code, "cannot read tree " + quoted(prefix.empty() ? "." : prefix));
  return blobs;
}

std::string read_blob(git_repository* repo, const BlobEntry& entry) {
  git_blob* raw = nullptr;
  check(git_blob_lookup(&raw, repo, &entry.id), "cannot read " + quoted(entry.path));
  BlobPtr blob(raw);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

}  // namespace gitops::git
