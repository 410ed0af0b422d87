#pragma once

#include <string>
#include <vector>

#include "git/writer.hpp"

namespace gitops::git {

// The names a user may type for a revision, as git shortens them: local branches ("main"),
// remote-tracking branches ("origin/main", without "origin/HEAD") and tags ("v1.2"), sorted and
// each once. For shell completion.
std::vector<std::string> list_refs(const Writer& writer);

}  // namespace gitops::git
