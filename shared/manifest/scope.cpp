#include "manifest/scope.hpp"

#include <map>

#include "error.hpp"

namespace gitops::manifest {

std::vector<DefinedKind> kinds_defined_by_crds(const std::vector<Object>& objects) {
  std::vector<DefinedKind> kinds;
  for (const auto& object : objects) {
    if (object.id.group != "apiextensions.k8s.io" || object.id.kind != "CustomResourceDefinition") {
      continue;
    }
    const auto& spec = object.body.value("spec", Value::object());
    DefinedKind kind;
    kind.group = spec.value("group", "");
    kind.kind = spec.value("names", Value::object()).value("kind", "");
    kind.plural = spec.value("names", Value::object()).value("plural", "");
    kind.namespaced = spec.value("scope", "Namespaced") == "Namespaced";
    for (const auto& version : spec.value("versions", Value::array())) {
      if (kind.version.empty() || version.value("storage", false)) {
        kind.version = version.value("name", "");
      }
    }
    if (!kind.kind.empty())
      kinds.push_back(std::move(kind));
  }
  return kinds;
}

void resolve_namespaces(std::vector<Object>& objects, const ScopeLookup& namespaced,
                        const std::string& default_namespace) {
  for (auto& object : objects) {
    auto scope = namespaced(object.id.group, object.id.kind);
    if (!scope) {
      std::string type =
          object.id.group.empty() ? object.id.kind : object.id.kind + "." + object.id.group;
      throw Error("unknown kind " + quoted(type) + " of " + quoted(object.id.name) + " in " +
                  quoted(object.source.to_string()) +
                  ": the cluster does not serve it and no CustomResourceDefinition in the "
                  "change defines it");
    }
    auto& metadata = object.body["metadata"];
    if (*scope) {
      if (object.id.namespace_.empty())
        object.id.namespace_ = default_namespace;
      metadata["namespace"] = object.id.namespace_;
    } else {
      object.id.namespace_.clear();
      metadata.erase("namespace");
    }
  }
}

void reject_duplicates(const std::vector<Object>& objects) {
  std::map<ObjectId, const Object*> seen;
  for (const auto& object : objects) {
    auto [at, inserted] = seen.emplace(object.id, &object);
    if (!inserted) {
      throw Error(object.id.to_string() + " is declared twice: in " +
                  quoted(at->second->source.to_string()) + " and in " +
                  quoted(object.source.to_string()));
    }
  }
}

}  // namespace gitops::manifest
