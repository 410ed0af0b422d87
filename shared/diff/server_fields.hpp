#pragma once

#include "manifest/value.hpp"

namespace gitops::diff {

// Removes what the API server writes and git never declares (status, uid, resourceVersion,
// generation, creationTimestamp, managedFields, the last-applied annotation), in place. Applied to
// both sides, so that a generated manifest's "creationTimestamp: null" is no difference either.
void strip_server_fields(manifest::Value& object);

}  // namespace gitops::diff
