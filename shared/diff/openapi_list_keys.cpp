#include "diff/openapi_list_keys.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "error.hpp"
#include "manifest/simdjson_reason.hpp"

// simdjson's DOM because the core group's document is 1.4 MB and every kind in it is walked from
// its root; building nlohmann values for it would cost more than the walk.

namespace gitops::diff {

namespace {

using simdjson::dom::element;

// Schemas refer to each other in cycles (JSONSchemaProps holds JSONSchemaProps): a reference
// already on the way down is not followed again. The depth limit bounds the rest; the deepest list
// of a built-in kind, in CronJobList (items[].spec.jobTemplate.spec.template.spec.volumes[]
// .projected.sources[].clusterTrustBundle.labelSelector.matchExpressions[].values), is 17 fields
// and elements down.
constexpr int kMaxDepth = 20;
constexpr std::string_view kSchemaRefPrefix = "#/components/schemas/";

struct ListFound {
  std::string path;
  std::vector<std::string> keys;
};

std::string_view string_member(element schema, std::string_view name) {
  std::string_view text;
  if (schema.at_key(name).get_string().get(text) != simdjson::SUCCESS)
    return {};
  return text;
}

std::vector<std::string> strings_in(element schema, std::string_view name) {
  std::vector<std::string> strings;
  simdjson::dom::array array;
  if (schema.at_key(name).get_array().get(array) != simdjson::SUCCESS)
    return strings;
  for (element item : array) {
    std::string_view text;
    if (item.get_string().get(text) == simdjson::SUCCESS)
      strings.emplace_back(text);
  }
  return strings;
}

bool has_member(element schema, std::string_view name) {
  return schema.at_key(name).error() == simdjson::SUCCESS;
}

// A list-map's keys are fields of its elements, so its elements must be objects, inline or named.
bool describes_objects(element schema) {
  return string_member(schema, "type") == "object" || has_member(schema, "$ref") ||
         has_member(schema, "allOf") || has_member(schema, "properties");
}

// The keys a list is matched by; nullopt leaves it to the built-in table: a list-map that names no
// keys or holds no objects (a schema the server would not accept), or a list whose schema declares
// no list type at all. Older servers published core lists (env, volumes, containers) with only the
// strategic-merge markers, which server-side apply reads as a list-map keyed by the patch merge
// key; any other undeclared list is atomic to server-side apply, and the table knows none of those.
std::optional<std::vector<std::string>> keys_of_list(element array_schema, element items) {
  const auto type = string_member(array_schema, "x-kubernetes-list-type");
  if (type.empty()) {
    const auto merge_key = string_member(array_schema, "x-kubernetes-patch-merge-key");
    const auto strategy = string_member(array_schema, "x-kubernetes-patch-strategy");
    if (!merge_key.empty() && strategy.find("merge") != std::string_view::npos &&
        describes_objects(items))
      return std::vector<std::string>{std::string(merge_key)};
    return std::nullopt;
  }
  if (type != "map")
    return std::vector<std::string>{};  // atomic or set
  auto keys = strings_in(array_schema, "x-kubernetes-list-map-keys");
  if (keys.empty() || !describes_objects(items))
    return std::nullopt;
  return keys;
}

// Walks one kind's schema from its root, following references into components.schemas.
class SchemaWalker {
 public:
  explicit SchemaWalker(simdjson::dom::object schemas) {
    for (auto [name, schema] : schemas)
      schemas_by_name_.emplace(name, schema);
  }

  std::vector<ListFound> lists_of(std::string_view name, element schema) {
    found_.clear();
    path_.clear();
    refs_on_path_.assign({name});
    visit(schema, 0);
    return std::move(found_);
  }

 private:
  void visit(element schema, int depth) {
    if (depth > kMaxDepth)
      return;
    if (auto ref = string_member(schema, "$ref"); !ref.empty())
      visit_ref(ref, depth);
    simdjson::dom::array all_of;
    if (schema.at_key("allOf").get_array().get(all_of) == simdjson::SUCCESS) {
      for (element part : all_of)
        visit(part, depth);
    }
    element items;
    if (schema.at_key("items").get(items) == simdjson::SUCCESS)
      visit_list(schema, items, depth);
    simdjson::dom::object properties;
    if (schema.at_key("properties").get_object().get(properties) == simdjson::SUCCESS)
      visit_properties(properties, depth);
  }

  void visit_ref(std::string_view ref, int depth) {
    if (!ref.starts_with(kSchemaRefPrefix))
      return;
    auto name = ref.substr(kSchemaRefPrefix.size());
    auto target = schemas_by_name_.find(name);
    if (target == schemas_by_name_.end() ||
        std::find(refs_on_path_.begin(), refs_on_path_.end(), name) != refs_on_path_.end())
      return;
    refs_on_path_.push_back(name);
    visit(target->second, depth);
    refs_on_path_.pop_back();
  }

  void visit_list(element array_schema, element items, int depth) {
    if (auto keys = keys_of_list(array_schema, items))
      found_.push_back({path_, std::move(*keys)});
    auto length = path_.size();
    path_ += "[]";
    visit(items, depth + 1);
    path_.resize(length);
  }

  void visit_properties(simdjson::dom::object properties, int depth) {
    for (auto [name, property] : properties) {
      if (path_.empty() && name == "status")
        continue;  // compare never reads status
      auto length = path_.size();
      if (!path_.empty())
        path_ += '.';
      path_ += name;
      visit(property, depth + 1);
      path_.resize(length);
    }
  }

  std::unordered_map<std::string_view, element> schemas_by_name_;
  std::string path_;
  std::vector<std::string_view> refs_on_path_;
  std::vector<ListFound> found_;
};

}  // namespace

ListKeys list_keys_from_openapi_v3(std::string_view document, const std::string& what) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(document.data(), document.size());
  element root;
  if (auto error = parser.parse(padded).get(root); error != simdjson::SUCCESS)
    throw Error("cannot read the OpenAPI schema " + what + ": " + manifest::simdjson_reason(error));

  ListKeys list_keys;
  simdjson::dom::object schemas;
  if (root["components"]["schemas"].get_object().get(schemas) != simdjson::SUCCESS)
    return list_keys;  // a document with no schemas describes no lists
  SchemaWalker walker(schemas);
  for (auto [name, schema] : schemas) {
    simdjson::dom::array kinds;
    if (schema.at_key("x-kubernetes-group-version-kind").get_array().get(kinds) !=
        simdjson::SUCCESS)
      continue;  // a part of a kind, reached from the kinds that hold it
    auto lists = walker.lists_of(name, schema);
    for (element gvk : kinds) {
      auto kind = string_member(gvk, "kind");
      if (kind.empty())
        continue;
      std::string group(string_member(gvk, "group"));
      for (const auto& list : lists)
        list_keys.add(group, std::string(kind), list.path, list.keys);
    }
  }
  return list_keys;
}

}  // namespace gitops::diff
