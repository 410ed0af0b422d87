#include "manifest/object.hpp"

namespace gitops::manifest {

std::string SourceLocation::to_string() const {
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

std::string ObjectId::to_string() const {
  std::string type = group.empty() ? kind : group + "/" + kind;
  return namespace_.empty() ? type + " " + name : type + " " + namespace_ + "/" + name;
}

std::string group_of(const std::string& api_version) {
  auto slash = api_version.find('/');
  return slash == std::string::npos ? std::string() : api_version.substr(0, slash);
}

namespace {
std::string string_at(const Value& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

ObjectId identity_of(const Value& body) {
  ObjectId id;
  id.group = group_of(string_at(body, "apiVersion"));
  id.kind = string_at(body, "kind");
  if (auto metadata = body.find("metadata"); metadata != body.end() && metadata->is_object()) {
    id.namespace_ = string_at(*metadata, "namespace");
    id.name = string_at(*metadata, "name");
    if (id.name.empty())  // a hook named by the server: its prefix stands for it until created
      id.name = string_at(*metadata, "generateName");
  }
  return id;
}

}  // namespace gitops::manifest
