#include "sync/order.hpp"

namespace gitops::sync {

Phase phase_of(const manifest::ObjectId& id, const kube::Discovery& discovery) {
  if (id.group.empty() && id.kind == "Namespace")
    return Phase::namespaces;
  if (id.group == "apiextensions.k8s.io" && id.kind == "CustomResourceDefinition")
    return Phase::crds;
  const auto* type = discovery.find(id.group, id.kind);
  if (type ? !type->namespaced : id.namespace_.empty())
    return Phase::cluster_scoped;
  return Phase::namespaced;
}

const char* to_string(Phase phase) {
  switch (phase) {
    case Phase::namespaces:
      return "namespaces";
    case Phase::crds:
      return "custom resource definitions";
    case Phase::cluster_scoped:
      return "cluster-scoped objects";
    case Phase::namespaced:
      return "namespaced objects";
  }
  return "objects";
}

}  // namespace gitops::sync
