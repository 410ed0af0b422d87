#include "revert/restore.hpp"

#include <map>
#include <set>

namespace gitops::revert {

std::vector<git::FileChange> restore_changes(const git::Repository& repository,
                                             const git::Commit& base, const git::Commit& target,
                                             const std::vector<std::string>& paths) {
  const std::vector<std::string> changed = repository.changed_files(base, target, paths);
  if (changed.empty()) {
    return {};
  }
  const std::vector<std::string> listed = repository.list_files(target, paths);
  const std::set<std::string> at_target(listed.begin(), listed.end());
  std::vector<std::string> restored;
  for (const std::string& path : changed) {
    if (at_target.count(path)) {
      restored.push_back(path);
    }
  }
  std::map<std::string, std::string> contents;
  if (!restored.empty()) {
    for (git::File& file : repository.read_files(target, restored)) {
      contents[file.path] = std::move(file.content);
    }
  }
  std::vector<git::FileChange> changes;
  for (const std::string& path : changed) {
    const auto found = contents.find(path);
    changes.push_back(found == contents.end() ? git::FileChange{path, std::nullopt}
                                              : git::FileChange{path, found->second});
  }
  return changes;
}

}  // namespace gitops::revert
