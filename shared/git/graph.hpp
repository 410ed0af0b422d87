#pragma once

#include <string>

#include "git/writer.hpp"

namespace gitops::git {

// Whether `ancestor` is `descendant` or one of its ancestors (both full SHAs).
bool is_ancestor(const Writer& writer, const std::string& ancestor, const std::string& descendant);

}  // namespace gitops::git
