#include "manifest/jsonnet_output.hpp"

#include <algorithm>

#include "error.hpp"
#include "manifest/json_parse.hpp"
#include "manifest/parse.hpp"

namespace gitops::manifest {

namespace {

bool is_manifest(const Value& value) {
  return value.is_object() && (value.contains("apiVersion") || value.contains("kind"));
}

bool holds_only_objects(const Value& value) {
  if (value.is_array()) {
    return std::all_of(value.begin(), value.end(),
                       [](const Value& item) { return holds_only_objects(item); });
  }
  if (is_manifest(value))
    return true;
  if (!value.is_object() || value.empty())
    return false;
  return std::all_of(value.begin(), value.end(),
                     [](const Value& field) { return holds_only_objects(field); });
}

void collect(const Value& value, const std::string& file, std::vector<Object>& objects) {
  if (is_manifest(value)) {
    for (auto& object : parse_manifests(value.dump(), file)) {
      object.source.line = 0;
      objects.push_back(std::move(object));
    }
    return;
  }
  for (const auto& item : value)  // an array's items, or an object's fields in key order
    collect(item, file, objects);
}

}  // namespace

std::vector<Object> parse_jsonnet_output(std::string_view json, const std::string& file) {
  const auto value = parse_json(json, file);
  std::vector<Object> objects;
  if (value.is_array() && value.empty())
    return objects;
  if (!holds_only_objects(value)) {
    throw Error("cannot render " + quoted(file) +
                    ": its output is neither a Kubernetes object, a list of objects nor a List",
                ErrorKind::invalid_input);
  }
  collect(value, file, objects);
  return objects;
}

}  // namespace gitops::manifest
