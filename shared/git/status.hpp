#pragma once

#include <string>
#include <vector>

#include "git/writer.hpp"

namespace gitops::git {

// Whether the file at `path` (repository-relative) has work git would lose if it were overwritten:
// staged or unstaged changes against HEAD, or an untracked or ignored file there. A path that
// exists nowhere has none. Always false in a bare repository.
bool has_uncommitted_changes(const Writer& writer, const std::string& path);

// The files under `paths` (repository-relative files or folders; none, "" or "." mean the whole
// working tree) with staged or unstaged changes against HEAD, and the untracked ones, in path
// order. Ignored files are not listed. Always empty in a bare repository.
std::vector<std::string> uncommitted_files(const Writer& writer,
                                           const std::vector<std::string>& paths);

}  // namespace gitops::git
