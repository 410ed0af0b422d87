#pragma once

#include <optional>
#include <string_view>

#include "kube/api_client.hpp"
#include "kube/discovery.hpp"

namespace gitops::kube {

// What the server serves, in two requests through the run's client: GET /api and /apis as
// aggregated discovery (APIGroupDiscoveryList, which kubectl itself reads since 1.30), instead of
// a `kubectl api-resources` run that asks every group in turn. nullopt from a server that does not
// offer it; the caller asks kubectl then.
std::optional<Discovery> read_aggregated_discovery(ApiClient& api);

// Reads the two answers: every group's versions in the server's order of preference, so the first
// version that serves a kind is the one a ResourceType names.
Discovery parse_aggregated_discovery(std::string_view core, std::string_view groups);

}  // namespace gitops::kube
