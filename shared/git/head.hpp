#pragma once

#include <optional>
#include <string>

#include "git/writer.hpp"

namespace gitops::git {

// The branch HEAD points at ("main"), or nullopt when HEAD is detached.
std::optional<std::string> current_branch(const Writer& writer);

// The full SHA a local branch points at, or nullopt when there is no such branch.
std::optional<std::string> branch_tip(const Writer& writer, const std::string& branch);

// Points a local branch at `sha`, creating it or moving it from wherever it was. For scratch
// repositories (a cache clone), never for a user's own branches: it checks nothing.
void reset_branch(Writer& writer, const std::string& branch, const std::string& sha);

// Throws Error unless `branch` is a name git accepts for a branch ("promote/web-1.3", not "a..b").
void require_valid_branch_name(const std::string& branch);

}  // namespace gitops::git
