#pragma once

#include <string>

#include "diff/change_set.hpp"

namespace gitops::diff {

// "apps/v1 Deployment team-a/web", "v1 Namespace team-a": an object as presenters name it (the
// identity's "apps/Deployment team-a/web" when the version is unknown).
std::string object_title(const ObjectChange& change);
std::string object_title(const std::string& api_version, const ObjectId& id);

// "apps/v1/Deployment/team-a/web": the same as a path, for diff labels.
std::string object_path(const ObjectChange& change);

}  // namespace gitops::diff
