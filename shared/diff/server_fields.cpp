#include "diff/server_fields.hpp"

namespace gitops::diff {

void strip_server_fields(manifest::Value& object) {
  if (!object.is_object())
    return;
  object.erase("status");
  auto metadata = object.find("metadata");
  if (metadata == object.end() || !metadata->is_object())
    return;
  for (const char* field :
       {"uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink",
        "deletionTimestamp", "deletionGracePeriodSeconds"}) {
    metadata->erase(field);
  }
  if (auto annotations = metadata->find("annotations");
      annotations != metadata->end() && annotations->is_object()) {
    annotations->erase("kubectl.kubernetes.io/last-applied-configuration");
    if (annotations->empty())
      metadata->erase("annotations");
  }
}

}  // namespace gitops::diff
