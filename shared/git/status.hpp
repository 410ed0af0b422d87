#pragma once

#include <string>

#include "git/writer.hpp"

namespace gitops::git {

// Whether the file at `path` (repository-relative) has work git would lose if it were overwritten:
// staged or unstaged changes against HEAD, or an untracked or ignored file there. A path that
// exists nowhere has none. Always false in a bare repository.
bool has_uncommitted_changes(const Writer& writer, const std::string& path);

}  // namespace gitops::git
