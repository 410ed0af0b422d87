#pragma once

#include <string>
#include <string_view>

#include "diff/list_keys.hpp"

namespace gitops::diff {

// The lists of every kind in one OpenAPI v3 document as kube-apiserver serves it at
// /openapi/v3/apis/<group>/<version> or /openapi/v3/api/v1: for each schema in components.schemas
// that names its kinds (x-kubernetes-group-version-kind), each array reachable from its root, keyed
// by its x-kubernetes-list-map-keys when it is a list-map of objects, with no keys when it is an
// atomic list or a set. Neither status (never compared) nor the values of maps
// (additionalProperties: their names are not fixed) are read. `what` names the document in errors;
// throws gitops::Error when the document is not JSON.
ListKeys list_keys_from_openapi_v3(std::string_view document, const std::string& what);

}  // namespace gitops::diff
