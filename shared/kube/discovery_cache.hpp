#pragma once

#include <string>
#include <utility>
#include <vector>

#include "kube/discovery.hpp"
#include "kube/kubectl.hpp"

namespace gitops::kube {

// What the server serves, from a cache of `kubectl api-resources -o wide` kept per server for ten
// minutes under $XDG_CACHE_HOME/kubectl-gitops/discovery/ (~/.cache when unset), as kubectl keeps
// its own. Asking the server costs a kubectl run of 0.1 to 0.5 s, the largest fixed cost of a
// diff. A cached table that lacks one of the `needed` kinds ({group, kind}) is refreshed at once,
// so a CRD installed since is never missed; `refresh` asks the server whatever the cache holds.
Discovery load_discovery(const Kubectl& kubectl, const std::string& server,
                         const std::vector<std::pair<std::string, std::string>>& needed,
                         bool refresh = false);

}  // namespace gitops::kube
