#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "manifest/object.hpp"

namespace gitops::diff {

// An object's identity as JSON output names it: group, version, kind, namespace, name.
nlohmann::ordered_json identity_json(const manifest::ObjectId& id, const std::string& api_version);

}  // namespace gitops::diff
