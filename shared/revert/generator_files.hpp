#pragma once

#include <string>
#include <vector>

#include "diff/file_diff.hpp"
#include "git/repository.hpp"

namespace gitops::revert {

// Repository paths a kustomize secretGenerator reads (diff/secret_generator.hpp), whose content a
// revert never shows: named by a kustomization in the folder of an edited file or any folder above
// it, as it is at `base` or as the edits leave it.
std::vector<std::string> secret_generator_files(const git::Repository& repository,
                                                const git::Commit& base,
                                                const std::vector<diff::FileEdit>& edits);

}  // namespace gitops::revert
