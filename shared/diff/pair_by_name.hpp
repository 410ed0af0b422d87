#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "manifest/value.hpp"

namespace gitops::diff {

// Which item of one side of a masked edit was which item of the other: how Secrets and kustomize
// secretGenerators are paired, so that a value kept is told from a value changed.

using NameOf = std::function<std::string(const manifest::Value&)>;

// Each item of `after` with one of `before` (null when it has none, and the other way round): the
// same name, else the next one left over in file order. Items of `after` first, in order, then
// those of `before` left over.
std::vector<std::pair<manifest::Value*, manifest::Value*>> pair_by_name(
    const std::vector<manifest::Value*>& before, const std::vector<manifest::Value*>& after,
    const NameOf& name_of);

}  // namespace gitops::diff
