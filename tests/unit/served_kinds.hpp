#pragma once

// What the unit tests of shared/sync give for a cluster's discovery, and the objects as the sync
// code takes them.

#include <vector>

#include "kube/discovery.hpp"
#include "manifest/object.hpp"

namespace gitops::testing {

// Namespaces, ConfigMaps, Pods, Deployments, CRDs and a custom kind, example.com Gadget.
inline kube::Discovery served_kinds() {
  kube::Discovery served;
  served.add({"", "v1", "Namespace", "namespaces", false, {}});
  served.add({"", "v1", "ConfigMap", "configmaps", true, {}});
  served.add({"", "v1", "Pod", "pods", true, {}});
  served.add({"apps", "v1", "Deployment", "deployments", true, {}});
  served.add({"apiextensions.k8s.io",
              "v1",
              "CustomResourceDefinition",
              "customresourcedefinitions",
              false,
              {}});
  served.add({"example.com", "v1", "Gadget", "gadgets", true, {}});
  return served;
}

inline std::vector<const manifest::Object*> pointers(const std::vector<manifest::Object>& all) {
  std::vector<const manifest::Object*> out;
  for (const auto& object : all)
    out.push_back(&object);
  return out;
}

}  // namespace gitops::testing
