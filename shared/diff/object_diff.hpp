#pragma once

#include <string>

#include "diff/report.hpp"

namespace gitops::diff {

// Whether the object has a diff to show: created, updated or deleted.
bool has_diff(const ObjectChange& change);

// One object's unified diff: its declared fields as YAML, before (the live object or revision A)
// against after (git). The labels name the side and the object:
//   --- live/apps/v1/Deployment/team-a/web
//   +++ HEAD(1a2b3c4)/apps/v1/Deployment/team-a/web
// and an absent side is /dev/null, as git writes a created or deleted file.
std::string object_diff(const Report& report, const ObjectChange& change, bool color);

}  // namespace gitops::diff
