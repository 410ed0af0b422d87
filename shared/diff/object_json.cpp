#include "diff/object_json.hpp"

namespace gitops::diff {

namespace {

// "apps/v1" -> "v1"; "v1" -> "v1".
std::string version_of(const std::string& api_version) {
  auto slash = api_version.find('/');
  return slash == std::string::npos ? api_version : api_version.substr(slash + 1);
}

}  // namespace

nlohmann::ordered_json identity_json(const manifest::ObjectId& id, const std::string& api_version) {
  nlohmann::ordered_json out;
  out["group"] = id.group;
  out["version"] = version_of(api_version);
  out["kind"] = id.kind;
  out["namespace"] = id.namespace_;
  out["name"] = id.name;
  return out;
}

}  // namespace gitops::diff
