#include "git/status.hpp"

#include <algorithm>

#include "error.hpp"
#include "git/handles.hpp"

namespace gitops::git {

namespace {

using StatusListPtr = std::unique_ptr<git_status_list, Deleter<git_status_list_free>>;

}  // namespace

bool has_uncommitted_changes(const Writer& writer, const std::string& path) {
  if (writer.is_bare()) {
    return false;
  }
  unsigned int flags = 0;
  const int code = git_status_file(&flags, raw(writer), path.c_str());
  if (code == GIT_ENOTFOUND) {
    return false;
  }
  check(code, "cannot read the status of " + quoted(path));
  return flags != GIT_STATUS_CURRENT;
}

std::vector<std::string> uncommitted_files(const Writer& writer,
                                           const std::vector<std::string>& paths) {
  if (writer.is_bare()) {
    return {};
  }
  std::vector<std::string> pathspec;
  for (const std::string& path : paths) {
    pathspec.push_back(normalize_path(path));
  }
  const bool whole_tree =
      std::any_of(pathspec.begin(), pathspec.end(), [](const auto& path) { return path.empty(); });
  std::vector<char*> pointers;
  for (std::string& path : pathspec) {
    pointers.push_back(path.data());
  }

  git_status_options options = GIT_STATUS_OPTIONS_INIT;
  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  // Literal paths, as in changed_files: a folder named "app[1]" must match itself.
  options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                  GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  if (!whole_tree) {
    options.pathspec.strings = pointers.data();
    options.pathspec.count = pointers.size();
  }
  git_status_list* raw_list = nullptr;
  check(git_status_list_new(&raw_list, raw(writer), &options),
        "cannot read the status of the working tree");
  StatusListPtr list(raw_list);

  std::vector<std::string> files;
  for (std::size_t i = 0; i < git_status_list_entrycount(list.get()); ++i) {
    const git_status_entry* entry = git_status_byindex(list.get(), i);
    if (entry->status == GIT_STATUS_CURRENT || entry->status == GIT_STATUS_IGNORED) {
      continue;
    }
    const git_diff_delta* delta =
        entry->index_to_workdir ? entry->index_to_workdir : entry->head_to_index;
    files.emplace_back(delta->new_file.path ? delta->new_file.path : delta->old_file.path);
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

}  // namespace gitops::git
