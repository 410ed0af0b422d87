#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gitops::diff {

// A file of a commit as it was and as it becomes.
struct FileEdit {
  std::string path;                   // repository path
  std::optional<std::string> before;  // nullopt: the commit creates the file
  std::optional<std::string> after;   // nullopt: the commit removes it
};

// The edits as a git-style diff (`diff --git a/... b/...`, new files from /dev/null, removed ones
// to it), which git apply accepts, except for a file that holds a Secret: that one is diffed as
// masked_file_edit shows it (secret_file.hpp), keys named and values never; and a file a kustomize
// secretGenerator reads (`generator_files`, see secret_generator_files), diffed with no content at
// all (hidden_generator_file). `color` as for unified_diff, with bold headers.
std::string git_file_diff(const std::vector<FileEdit>& edits,
                          const std::vector<std::string>& generator_files, bool color);

}  // namespace gitops::diff
