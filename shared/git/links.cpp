#include "git/links.hpp"

#include <algorithm>
#include <deque>
#include <vector>

namespace gitops::git {

namespace {

constexpr int kMaxLinks = 40;  // as many as Linux follows before ELOOP

std::vector<std::string> components_of(const std::string& path) {
  std::vector<std::string> components;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    if (end > start)
      components.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return components;
}

std::string joined(const std::vector<std::string>& components) {
  std::string path;
  for (const auto& component : components)
    path += (path.empty() ? "" : "/") + component;
  return path;
}

// The entry at `path` in `tree`, or null when there is none.
TreeEntryPtr entry_at(git_tree* tree, const std::string& path) {
  git_tree_entry* raw = nullptr;
  const int code = git_tree_entry_bypath(&raw, tree, path.c_str());
  TreeEntryPtr entry(raw);
  if (code == GIT_ENOTFOUND)
    return nullptr;
  check(code, "cannot read " + quoted(path));
  return entry;
}

}  // namespace

Error broken_link(const std::string& path, const std::string& target, const std::string& problem) {
  return Error("cannot read " + quoted(path) + ": symbolic link to " + quoted(target) + " " +
               problem);
}

std::optional<BlobEntry> resolve_tree_link(git_repository* repo, git_tree* root,
                                           const BlobEntry& link) {
  const std::string first_target = read_blob(repo, link);
  // The path resolved so far (each component a folder, but for the last), and what is left.
  std::vector<std::string> resolved = components_of(link.path);
  resolved.pop_back();
  std::deque<std::string> pending;
  auto follow = [&](const std::string& target) {
    if (target.starts_with('/'))
      throw broken_link(link.path, first_target, "leaves the repository");
    const auto components = components_of(target);
    pending.insert(pending.begin(), components.begin(), components.end());
  };
  follow(first_target);
  int links = 1;
  git_filemode_t mode = GIT_FILEMODE_TREE;
  git_oid id{};
  while (!pending.empty()) {
    const std::string component = pending.front();
    pending.pop_front();
    if (mode != GIT_FILEMODE_TREE)  // a file, named as if it were a folder
      throw broken_link(link.path, first_target, "leads nowhere");
    if (component == ".")
      continue;
    if (component == "..") {
      if (resolved.empty())
        throw broken_link(link.path, first_target, "leaves the repository");
      resolved.pop_back();
      continue;
    }
    resolved.push_back(component);
    const std::string path = joined(resolved);
    const TreeEntryPtr entry = entry_at(root, path);
    if (!entry)
      throw broken_link(link.path, first_target, "leads nowhere");
    mode = git_tree_entry_filemode(entry.get());
    id = *git_tree_entry_id(entry.get());
    if (mode == GIT_FILEMODE_LINK) {
      if (++links > kMaxLinks)
        throw broken_link(link.path, first_target, "leads into a loop");
      resolved.pop_back();
      mode = GIT_FILEMODE_TREE;
      follow(read_blob(repo, BlobEntry{path, id, GIT_FILEMODE_LINK}));
    }
  }
  if (!is_file_mode(mode))
    return std::nullopt;  // a folder (or a submodule): kubectl does not descend into one either
  return BlobEntry{joined(resolved), id, mode};
}

}  // namespace gitops::git
