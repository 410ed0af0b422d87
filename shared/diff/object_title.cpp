#include "diff/object_title.hpp"

namespace gitops::diff {

namespace {

std::string scoped_name(const ObjectId& id) {
  return id.namespace_.empty() ? id.name : id.namespace_ + "/" + id.name;
}

}  // namespace

std::string object_title(const ObjectChange& change) {
  return object_title(change.api_version, change.id);
}

std::string object_title(const std::string& api_version, const ObjectId& id) {
  if (api_version.empty()) {
    return id.to_string();
  }
  return api_version + " " + id.kind + " " + scoped_name(id);
}

std::string object_path(const ObjectChange& change) {
  const std::string& type = change.api_version.empty() ? change.id.group : change.api_version;
  std::string kind_and_name = change.id.kind + "/" + scoped_name(change.id);
  return type.empty() ? kind_and_name : type + "/" + kind_and_name;
}

}  // namespace gitops::diff
