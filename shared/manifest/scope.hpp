#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "manifest/object.hpp"

namespace gitops::manifest {

// Whether objects of a kind live in a namespace; nullopt when the kind is unknown.
using ScopeLookup =
    std::function<std::optional<bool>(const std::string& group, const std::string& kind)>;

// A kind that a CustomResourceDefinition among the desired objects defines, so that its custom
// resources count as known before the CRD reaches the cluster.
struct DefinedKind {
  std::string group;
  std::string version;  // the storage version, else the first served one
  std::string kind;
  std::string plural;
  bool namespaced = true;
};

std::vector<DefinedKind> kinds_defined_by_crds(const std::vector<Object>& objects);

// Gives namespaced objects that declare no namespace `default_namespace` (the -n flag or the
// context's), and drops the namespace of cluster-scoped ones, in both the identity and the body.
// A kind the lookup does not know is an Error naming the object and its file and line.
void resolve_namespaces(std::vector<Object>& objects, const ScopeLookup& namespaced,
                        const std::string& default_namespace);

// Two documents with the same identity are an Error naming both places.
void reject_duplicates(const std::vector<Object>& objects);

}  // namespace gitops::manifest
