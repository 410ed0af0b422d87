#pragma once

#include <string>
#include <utility>
#include <vector>

#include "kube/api_client.hpp"
#include "kube/discovery.hpp"
#include "kube/kubectl.hpp"

namespace gitops::kube {

// What the server serves, from a cache kept per server for ten minutes under
// $XDG_CACHE_HOME/kubectl-gitops/discovery/ (~/.cache when unset), as kubectl keeps its own, in
// `kubectl api-resources -o wide`'s table. The server is asked through `api` (aggregated
// discovery: two requests, some 20 ms), else by running `kubectl api-resources` (0.3 to over 1 s).
// A cached table that lacks one of the `needed` kinds ({group, kind}) is refreshed at once, so a
// CRD installed since is never missed; `refresh` asks the server whatever the cache holds.
Discovery load_discovery(const Kubectl& kubectl, ApiClient& api, const std::string& server,
                         const std::vector<std::pair<std::string, std::string>>& needed,
                         bool refresh = false);

}  // namespace gitops::kube
