#include "manifest/manifest_checks.hpp"

#include "manifest/hook.hpp"
#include "manifest/parse_error.hpp"

namespace gitops::manifest {

namespace {

bool is_non_empty_string(const Value& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
}

bool is_string_or_null(const Value& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() || it->is_string() || it->is_null();
}

// What is wrong with the body's apiVersion and kind, or "".
std::string type_problem(const Value& body, std::string_view subject) {
  bool has_api_version = body.contains("apiVersion");
  bool has_kind = body.contains("kind");
  if (has_api_version != has_kind) {
    return std::string(subject) +
           (has_kind ? " has kind but no apiVersion" : " has apiVersion but no kind");
  }
  if (!is_non_empty_string(body, "apiVersion")) {
    return "apiVersion must be a non-empty string";
  }
  if (!is_non_empty_string(body, "kind")) {
    return "kind must be a non-empty string";
  }
  return "";
}

// What is wrong with the body's metadata, or "".
std::string metadata_problem(const Value& body) {
  auto metadata = body.find("metadata");
  if (metadata != body.end() && !metadata->is_object()) {
    return "metadata must be a mapping";
  }
  const bool named_by_server = metadata != body.end() && !metadata->contains("name") &&
                               declares_hook(body) &&
                               is_non_empty_string(*metadata, "generateName");
  if (!named_by_server && (metadata == body.end() || !is_non_empty_string(*metadata, "name"))) {
    if (metadata != body.end() && !is_string_or_null(*metadata, "name")) {
      return "metadata.name must be a string";
    }
    if (metadata != body.end() && metadata->contains("generateName")) {
      return "metadata.name is required: an object named by metadata.generateName cannot be "
             "tracked declaratively (only hooks may use it)";
    }
    return "metadata.name is required";
  }
  if (!is_string_or_null(*metadata, "namespace")) {
    return "metadata.namespace must be a string";
  }
  return "";
}

bool is_list(const Value& body) {
  auto items = body.find("items");
  return body.find("kind")->get_ref<const std::string&>().ends_with("List") &&
         items != body.end() && items->is_array();
}

}  // namespace

ManifestKind check_manifest(const Value& body, const SourceLocation& source,
                            std::string_view subject) {
  if (!body.is_object() || (!body.contains("apiVersion") && !body.contains("kind"))) {
    return ManifestKind::not_a_manifest;
  }
  std::string problem = type_problem(body, subject);
  if (problem.empty() && is_list(body)) {
    return ManifestKind::list;
  }
  if (problem.empty()) {
    problem = metadata_problem(body);
  }
  if (!problem.empty()) {
    throw parse_error(source.file, source.line, problem);
  }
  return ManifestKind::object;
}

}  // namespace gitops::manifest
