#pragma once

#include <string>

#include "kube/api_client.hpp"

namespace gitops::kube {

// Who the cluster says the user is (a SelfSubjectReview, as `kubectl auth whoami` asks), else the
// local user name: what sync records and locks name.
std::string current_user(ApiClient& api);

// Now, as the API server writes times: "2026-11-26T22:10:05Z" (micro: "...05.123456Z").
std::string rfc3339_now(bool micro = false);

}  // namespace gitops::kube
