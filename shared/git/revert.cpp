// Undoing one commit with libgit2's revert, limited to some folders.

#include "git/revert.hpp"

#include <algorithm>

#include "error.hpp"
#include "git/handles.hpp"
#include "git/objects.hpp"

namespace gitops::git {
namespace {

using ConflictIteratorPtr =
    std::unique_ptr<git_index_conflict_iterator, Deleter<git_index_conflict_iterator_free>>;

std::vector<std::string> normalized(const std::vector<std::string>& paths) {
  std::vector<std::string> result;
  for (const std::string& path : paths) {
    result.push_back(normalize_path(path));
  }
  return result;
}

bool is_under(const std::string& path, const std::vector<std::string>& folders) {
  if (folders.empty()) {
    return true;
  }
  return std::any_of(folders.begin(), folders.end(), [&](const std::string& folder) {
    return folder.empty() || path == folder || path.starts_with(folder + "/");
  });
}

IndexPtr reverted_index(git_repository* repo, git_commit* undone, git_commit* onto,
                        const std::string& short_sha) {
  if (git_commit_parentcount(undone) > 1) {
    throw Error("cannot revert " + short_sha +
                ": it is a merge commit; revert the commits it brought in instead");
  }
  git_merge_options options = GIT_MERGE_OPTIONS_INIT;
  git_index* raw_index = nullptr;
  check(git_revert_commit(&raw_index, repo, undone, onto, 0, &options),
        "cannot revert " + short_sha);
  return IndexPtr(raw_index);
}

// Conflicts under `folders` refuse the revert; those elsewhere are dropped from the index (what
// is outside the folders is left out anyway), so that the index can be written as a tree.
void settle_conflicts(git_index* index, const std::vector<std::string>& folders,
                      const std::string& short_sha) {
  if (git_index_has_conflicts(index) == 0) {
    return;
  }
  std::vector<std::string> elsewhere;
  git_index_conflict_iterator* raw_iterator = nullptr;
  check(git_index_conflict_iterator_new(&raw_iterator, index),
        "cannot read the conflicts of reverting " + short_sha);
  ConflictIteratorPtr iterator(raw_iterator);
  const git_index_entry* ancestor = nullptr;
  const git_index_entry* ours = nullptr;
  const git_index_entry* theirs = nullptr;
  while (git_index_conflict_next(&ancestor, &ours, &theirs, iterator.get()) == 0) {
    const git_index_entry* any = ours ? ours : theirs ? theirs : ancestor;
    const std::string path = any->path;
    if (is_under(path, folders)) {
      throw Error("cannot revert " + short_sha + " cleanly: " + quoted(path) + " conflicts");
    }
    elsewhere.push_back(path);
  }
  iterator.reset();
  for (const std::string& path : elsewhere) {
    check(git_index_conflict_remove(index, path.c_str()), "cannot settle " + quoted(path));
  }
}

TreePtr index_tree(git_repository* repo, git_index* index, const std::string& short_sha) {
  git_oid id;
  check(git_index_write_tree_to(&id, index, repo), "cannot write the tree reverting " + short_sha);
  git_tree* raw_tree = nullptr;
  check(git_tree_lookup(&raw_tree, repo, &id), "cannot read the tree reverting " + short_sha);
  return TreePtr(raw_tree);
}

std::string blob_content(git_repository* repo, const git_oid& id, const std::string& path) {
  git_blob* raw_blob = nullptr;
  check(git_blob_lookup(&raw_blob, repo, &id), "cannot read " + quoted(path));
  BlobPtr blob(raw_blob);
  const auto* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
  return std::string(data, static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

// The files under `folders` that differ between the two trees: their new content, or removal.
std::vector<FileChange> changes_between(git_repository* repo, git_tree* from, git_tree* to,
                                        std::vector<std::string> folders) {
  const bool whole_tree =
      folders.empty() ||
      std::any_of(folders.begin(), folders.end(), [](const auto& path) { return path.empty(); });
  std::vector<char*> pointers;
  for (std::string& folder : folders) {
    pointers.push_back(folder.data());
  }
  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  options.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH | GIT_DIFF_SKIP_BINARY_CHECK;
  if (!whole_tree) {
    options.pathspec.strings = pointers.data();
    options.pathspec.count = pointers.size();
  }
  git_diff* raw_diff = nullptr;
  check(git_diff_tree_to_tree(&raw_diff, repo, from, to, &options),
        "cannot compare the reverted tree");
  DiffPtr diff(raw_diff);

  std::vector<FileChange> changes;
  for (std::size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    const auto new_mode = static_cast<git_filemode_t>(delta->new_file.mode);
    const auto old_mode = static_cast<git_filemode_t>(delta->old_file.mode);
    if (is_file_mode(new_mode)) {
      if (is_file_mode(old_mode) && git_oid_equal(&delta->old_file.id, &delta->new_file.id)) {
        continue;  // only the mode changed: a FileChange carries content alone
      }
      const std::string path = delta->new_file.path;
      changes.push_back(FileChange{path, blob_content(repo, delta->new_file.id, path)});
    } else if (is_file_mode(old_mode)) {
      changes.push_back(FileChange{delta->old_file.path, std::nullopt});
    }
  }
  std::sort(changes.begin(), changes.end(),
            [](const FileChange& a, const FileChange& b) { return a.path < b.path; });
  return changes;
}

}  // namespace

std::vector<FileChange> revert_changes(const Writer& writer, const std::string& undone,
                                       const std::string& onto,
                                       const std::vector<std::string>& paths) {
  git_repository* repo = raw(writer);
  CommitPtr undone_commit = commit_by_sha(repo, undone);
  CommitPtr onto_commit = commit_by_sha(repo, onto);
  const std::string short_sha = undone.substr(0, 7);
  const std::vector<std::string> folders = normalized(paths);

  IndexPtr index = reverted_index(repo, undone_commit.get(), onto_commit.get(), short_sha);
  settle_conflicts(index.get(), folders, short_sha);
  TreePtr reverted = index_tree(repo, index.get(), short_sha);
  TreePtr base = tree_of(onto_commit.get(), onto);
  return changes_between(repo, base.get(), reverted.get(), folders);
}

}  // namespace gitops::git
