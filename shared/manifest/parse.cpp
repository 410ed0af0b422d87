#include "manifest/parse.hpp"

#include <yaml-cpp/yaml.h>

#include "manifest/manifest_checks.hpp"
#include "manifest/parse_error.hpp"
#include "manifest/yaml_load.hpp"
#include "manifest/yaml_to_value.hpp"

namespace gitops::manifest {

namespace {

// Only a mapping with apiVersion or kind at its top is a manifest; other documents (a values file,
// a kustomization's config) are not converted, so their quirks cannot fail the parse. A merge key
// might bring either in.
bool may_be_manifest(const YAML::Node& document) {
  if (!document.IsMap()) {
    return false;
  }
  for (const auto& pair : document) {
    if (pair.first.IsScalar() && (pair.first.Scalar() == "apiVersion" ||
                                  pair.first.Scalar() == "kind" || pair.first.Scalar() == "<<")) {
      return true;
    }
  }
  return false;
}

// The node of a List's `items`, for the lines of its items.
std::optional<YAML::Node> items_node(const YAML::Node& list) {
  if (list.IsMap()) {
    for (const auto& pair : list) {
      if (pair.first.IsScalar() && pair.first.Scalar() == "items" && pair.second.IsSequence()) {
        return pair.second;
      }
    }
  }
  return std::nullopt;
}

// What a List item that is not an object is, for messages.
const char* type_name(const Value& item) {
  if (item.is_array())
    return "a list";
  if (item.is_string())
    return "a string";
  if (item.is_number())
    return "a number";
  if (item.is_boolean())
    return "a boolean";
  return "null";
}

// A List declares objects and nothing else: an item that is not one would be dropped unseen.
void check_list_item(const Value& item, std::size_t index, const SourceLocation& source) {
  const auto item_name = "List item " + std::to_string(index + 1);
  if (!item.is_object())
    throw parse_error(source.file, source.line,
                      item_name + " is " + type_name(item) + ", not an object");
  if (!item.contains("apiVersion") && !item.contains("kind"))
    throw parse_error(source.file, source.line, item_name + " has neither apiVersion nor kind");
}

// Adds the object `body` declares, or the items of a List, each with the line of its own mapping.
// `node` is the body's YAML node, when known.
void collect_objects(Value body, const std::optional<YAML::Node>& node, SourceLocation source,
                     std::string_view subject, std::vector<Object>& objects) {
  auto kind = check_manifest(body, source, subject);
  if (kind == ManifestKind::not_a_manifest) {
    return;
  }
  if (kind == ManifestKind::list) {
    const auto items = node ? items_node(*node) : std::nullopt;
    auto& values = body["items"];
    for (std::size_t i = 0; i < values.size(); ++i) {
      std::optional<YAML::Node> item;
      if (items && i < items->size()) {
        item.emplace((*items)[i]);
      }
      SourceLocation item_source{source.file, item ? line_of(*item) : source.line};
      check_list_item(values[i], i, item_source);
      collect_objects(std::move(values[i]), item, item_source, "list item", objects);
    }
    return;
  }
  std::string api_version = body["apiVersion"].get<std::string>();
  ObjectId id = identity_of(body);
  objects.push_back(Object{std::move(id), std::move(api_version), std::move(body), source});
}

}  // namespace

std::vector<Value> parse_yaml_documents(std::string_view text, const std::string& file) {
  std::vector<Value> values;
  for (const auto& document : load_yaml_documents(text, file))
    values.push_back(yaml_to_value(document, file));
  return values;
}

std::vector<Object> parse_manifests(std::string_view text, const std::string& file) {
  const std::vector<YAML::Node> documents = load_yaml_documents(text, file);
  std::vector<Object> objects;
  for (const auto& document : documents) {
    if (may_be_manifest(document)) {
      SourceLocation source{file, line_of(document)};
      collect_objects(yaml_to_value(document, file), document, source, "document", objects);
    }
  }
  return objects;
}

}  // namespace gitops::manifest
