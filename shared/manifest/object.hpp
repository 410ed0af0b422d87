#pragma once

#include <compare>
#include <string>

#include "manifest/value.hpp"

namespace gitops::manifest {

// Where a desired object came from, for error messages: "envs/prod/app.yaml:12". A rendered
// kustomization names its folder and has no line.
struct SourceLocation {
  std::string file;
  int line = 0;  // 1-based; 0 when unknown

  std::string to_string() const;
};

// An object's identity across versions: group, kind, namespace and name (the version is not part of
// it: apps/v1 and apps/v1beta1 Deployments of the same name are the same object).
struct ObjectId {
  std::string group;  // "" for the core group
  std::string kind;
  std::string namespace_;  // "" for cluster-scoped kinds
  std::string name;

  auto operator<=>(const ObjectId&) const = default;
  bool operator==(const ObjectId&) const = default;

  // "apps/Deployment team-a/web", "Namespace team-a": what users read in messages.
  std::string to_string() const;
};

struct Object {
  ObjectId id;
  std::string api_version;  // as declared: "apps/v1"
  Value body;
  SourceLocation source;
};

// "apps/v1" -> "apps"; "v1" -> "".
std::string group_of(const std::string& api_version);

// Reads apiVersion, kind, metadata.namespace and metadata.name of a parsed document.
ObjectId identity_of(const Value& body);

}  // namespace gitops::manifest
