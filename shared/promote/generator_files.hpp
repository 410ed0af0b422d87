#pragma once

// Private to shared/promote/: the files a kustomize secretGenerator reads, which a promotion must
// never show.

#include <string>
#include <vector>

#include "promote/promotion.hpp"

namespace gitops::promote {

// Repository paths of the target that a kustomize secretGenerator reads
// (diff/secret_generator.hpp): named by a kustomization of the source (as if it were the target's;
// null: none) or of the target, before the promotion or after its `edited` files.
std::vector<std::string> secret_generator_files(const Folder* source, const Folder& target,
                                                const std::vector<EditedFile>& edited);

}  // namespace gitops::promote
