#include "kube/api_requests.hpp"

namespace gitops::kube {

namespace {
constexpr const char* kJson = "application/json";
}

std::string collection_path(const std::string& api_version, const std::string& resource,
                            const std::string& namespace_) {
  std::string path =
      api_version.find('/') == std::string::npos ? "/api/" + api_version : "/apis/" + api_version;
  if (!namespace_.empty())
    path += "/namespaces/" + namespace_;
  return path + "/" + resource;
}

std::string object_path(const std::string& api_version, const std::string& resource,
                        const std::string& namespace_, const std::string& name) {
  return collection_path(api_version, resource, namespace_) + "/" + name;
}

std::string object_path(const ResourceType& type, const std::string& api_version,
                        const manifest::ObjectId& id) {
  return object_path(api_version, type.resource, type.namespaced ? id.namespace_ : "", id.name);
}

HttpRequest apply_request(const std::string& path, const manifest::Value& object,
                          const ApplyAs& as) {
  // JSON is YAML: the apply content type takes it as it is.
  return {"PATCH",
          path + "?fieldManager=" + as.field_manager + (as.force ? "&force=true" : "") +
              (as.dry_run ? "&" + std::string(kDryRunAll) : ""),
          "application/apply-patch+yaml", object.dump()};
}

HttpRequest create_request(const std::string& collection, const manifest::Value& object) {
  return {"POST", collection, kJson, object.dump()};
}

HttpRequest replace_request(const std::string& path, const manifest::Value& object) {
  return {"PUT", path, kJson, object.dump()};
}

HttpRequest merge_patch_request(const std::string& path, const manifest::Value& patch) {
  return {"PATCH", path, "application/merge-patch+json", patch.dump()};
}

HttpRequest delete_request(const std::string& path,
                           const std::optional<std::string>& resource_version) {
  manifest::Value options = {
      {"apiVersion", "v1"}, {"kind", "DeleteOptions"}, {"propagationPolicy", "Background"}};
  if (resource_version)
    options["preconditions"] = {{"resourceVersion", *resource_version}};
  return {"DELETE", path, kJson, options.dump()};
}

}  // namespace gitops::kube
