#include "revert/file_edits.hpp"

#include <map>

namespace gitops::revert {

std::vector<diff::FileEdit> edits_of(const git::Repository& repository, const git::Commit& base,
                                     const std::vector<git::FileChange>& changes) {
  std::vector<std::string> existing;
  for (const git::FileChange& change : changes) {
    if (repository.exists(base, change.path)) {
      existing.push_back(change.path);
    }
  }
  std::map<std::string, std::string> before;
  if (!existing.empty()) {
    for (git::File& file : repository.read_files(base, existing)) {
      before[file.path] = std::move(file.content);
    }
  }
  std::vector<diff::FileEdit> edits;
  for (const git::FileChange& change : changes) {
    const auto found = before.find(change.path);
    edits.push_back(diff::FileEdit{
        change.path,
        found == before.end() ? std::nullopt : std::optional<std::string>(found->second),
        change.content});
  }
  return edits;
}

std::vector<git::FileChange> changes_of(const std::vector<diff::FileEdit>& edits) {
  std::vector<git::FileChange> changes;
  for (const diff::FileEdit& edit : edits) {
    changes.push_back(git::FileChange{edit.path, edit.after});
  }
  return changes;
}

}  // namespace gitops::revert
