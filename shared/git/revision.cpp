// Reading a revision: files, existence and differences between commits. Never touches the working
// tree or the index.

#include <algorithm>

#include "error.hpp"
#include "git/handles.hpp"
#include "git/links.hpp"
#include "git/objects.hpp"
#include "git/repository.hpp"
#include "git/tree_walk.hpp"

namespace gitops::git {
namespace {

// The entry at `path` in `tree`, or null when there is none.
TreeEntryPtr entry_at(git_tree* tree, const std::string& path) {
  git_tree_entry* raw = nullptr;
  const int code = git_tree_entry_bypath(&raw, tree, path.c_str());
  TreeEntryPtr entry(raw);
  if (code == GIT_ENOTFOUND) {
    return nullptr;
  }
  check(code, "cannot read " + quoted(path));
  return entry;
}

void append_blobs_at(git_repository* repo, git_tree* root, const std::string& path,
                     const Commit& commit, std::vector<BlobEntry>& blobs) {
  if (path.empty()) {
    auto all = list_blobs(root, "");
    blobs.insert(blobs.end(), all.begin(), all.end());
    return;
  }
  TreeEntryPtr entry = entry_at(root, path);
  if (!entry) {
    throw Error(quoted(path) + " does not exist at " + describe(commit), ErrorKind::not_found);
  }
  switch (git_tree_entry_type(entry.get())) {
    case GIT_OBJECT_BLOB:
      blobs.push_back(
          BlobEntry{path, *git_tree_entry_id(entry.get()), git_tree_entry_filemode(entry.get())});
      return;
    case GIT_OBJECT_TREE: {
      git_tree* raw = nullptr;
      check(git_tree_lookup(&raw, repo, git_tree_entry_id(entry.get())),
            "cannot read " + quoted(path));
      TreePtr subtree(raw);
      auto beneath = list_blobs(subtree.get(), path + "/");
      blobs.insert(blobs.end(), beneath.begin(), beneath.end());
      return;
    }
    default:
      return;  // a submodule: its files belong to another repository
  }
}

}  // namespace

namespace {

bool is_followed_link(const BlobEntry& blob, const FollowLinks& follow) {
  return blob.mode == GIT_FILEMODE_LINK && follow && follow(blob.path);
}

// The file blobs under `paths` in `root`, and the links `follow` accepts, sorted by path, without
// duplicates.
std::vector<BlobEntry> blobs_under(git_repository* repo, git_tree* root, const Commit& commit,
                                   const std::vector<std::string>& paths,
                                   const FollowLinks& follow = {}) {
  std::vector<BlobEntry> blobs;
  if (paths.empty()) {
    append_blobs_at(repo, root, "", commit, blobs);
  }
  for (const std::string& path : paths) {
    append_blobs_at(repo, root, normalize_path(path), commit, blobs);
  }
  std::erase_if(blobs, [&](const BlobEntry& blob) {
    return !is_file_mode(blob.mode) && !is_followed_link(blob, follow);
  });
  std::sort(blobs.begin(), blobs.end(),
            [](const BlobEntry& a, const BlobEntry& b) { return a.path < b.path; });
  blobs.erase(std::unique(blobs.begin(), blobs.end(),
                          [](const BlobEntry& a, const BlobEntry& b) { return a.path == b.path; }),
              blobs.end());
  return blobs;
}

}  // namespace

std::vector<File> Repository::read_files(const Commit& commit,
                                         const std::vector<std::string>& paths,
                                         const FollowLinks& follow) const {
  git_repository* repo = handle_->repo.get();
  TreePtr root = commit_tree(repo, commit);
  std::vector<File> files;
  for (const BlobEntry& blob : blobs_under(repo, root.get(), commit, paths, follow)) {
    if (blob.mode != GIT_FILEMODE_LINK) {
      files.push_back(File{blob.path, read_blob(repo, blob)});
    } else if (const auto target = resolve_tree_link(repo, root.get(), blob)) {
      files.push_back(File{blob.path, read_blob(repo, *target)});
    }
  }
  return files;
}

std::vector<std::string> Repository::list_files(const Commit& commit,
                                                const std::vector<std::string>& paths) const {
  std::vector<std::string> listed;
  TreePtr root = commit_tree(handle_->repo.get(), commit);
  for (const BlobEntry& blob : blobs_under(handle_->repo.get(), root.get(), commit, paths)) {
    listed.push_back(blob.path);
  }
  return listed;
}

bool Repository::exists(const Commit& commit, const std::string& path) const {
  TreePtr root = commit_tree(handle_->repo.get(), commit);
  const std::string normalized = normalize_path(path);
  return normalized.empty() || entry_at(root.get(), normalized) != nullptr;
}

std::optional<std::string> Repository::tree_id(const Commit& commit,
                                               const std::string& folder) const {
  TreePtr root = commit_tree(handle_->repo.get(), commit);
  const std::string normalized = normalize_path(folder);
  if (normalized.empty())
    return sha_of(*git_tree_id(root.get()));
  const TreeEntryPtr entry = entry_at(root.get(), normalized);
  if (!entry || git_tree_entry_type(entry.get()) != GIT_OBJECT_TREE)
    return std::nullopt;
  return sha_of(*git_tree_entry_id(entry.get()));
}

std::vector<std::string> Repository::changed_files(const Commit& from, const Commit& to,
                                                   const std::vector<std::string>& paths,
                                                   const FollowLinks& follow) const {
  git_repository* repo = handle_->repo.get();
  TreePtr old_tree = commit_tree(repo, from);
  TreePtr new_tree = commit_tree(repo, to);

  std::vector<std::string> pathspec;
  for (const std::string& path : paths) {
    pathspec.push_back(normalize_path(path));
  }
  const bool whole_tree =
      std::any_of(pathspec.begin(), pathspec.end(), [](const auto& path) { return path.empty(); });
  std::vector<char*> pathspec_pointers;
  for (std::string& path : pathspec) {
    pathspec_pointers.push_back(path.data());
  }

  git_diff_options options = GIT_DIFF_OPTIONS_INIT;
  // Literal paths, not fnmatch patterns: a folder named "app[1]" must match itself.
  options.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH | GIT_DIFF_SKIP_BINARY_CHECK;
  if (!whole_tree) {
    options.pathspec.strings = pathspec_pointers.data();
    options.pathspec.count = pathspec_pointers.size();
  }

  git_diff* raw = nullptr;
  check(git_diff_tree_to_tree(&raw, repo, old_tree.get(), new_tree.get(), &options),
        "cannot compare " + describe(from) + " with " + describe(to));
  DiffPtr diff(raw);

  std::vector<std::string> changed;
  const std::size_t count = git_diff_num_deltas(diff.get());
  for (std::size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
    for (const git_diff_file* side : {&delta->old_file, &delta->new_file}) {
      if (is_file_mode(static_cast<git_filemode_t>(side->mode))) {
        changed.emplace_back(side->path);
      }
    }
  }
  if (follow) {
    // What a link leads to may have changed where the link did not.
    for (git_tree* tree : {old_tree.get(), new_tree.get()}) {
      for (const BlobEntry& blob : list_blobs(tree, "")) {
        const bool under_paths = whole_tree || pathspec.empty() ||
                                 std::any_of(pathspec.begin(), pathspec.end(), [&](auto& path) {
                                   return blob.path == path || blob.path.starts_with(path + "/");
                                 });
        if (under_paths && is_followed_link(blob, follow))
          changed.push_back(blob.path);
      }
    }
  }
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  return changed;
}

}  // namespace gitops::git
