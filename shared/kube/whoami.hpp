#pragma once

#include <string>

#include "kube/kubectl.hpp"

namespace gitops::kube {

// Who the cluster says the user is (`kubectl auth whoami`), else the local user name: what sync
// records and locks name.
std::string current_user(const Kubectl& kubectl);

// Now, as the API server writes times: "2026-11-26T22:10:05Z" (micro: "...05.123456Z").
std::string rfc3339_now(bool micro = false);

}  // namespace gitops::kube
