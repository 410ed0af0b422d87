#include "kube/aggregated_discovery.hpp"

#include "error.hpp"
#include "manifest/json_parse.hpp"

namespace gitops::kube {

namespace {

using manifest::Value;

constexpr const char* kAggregated =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

void add_groups(Discovery& discovery, const Value& list) {
  for (const auto& group : list.value("items", Value::array())) {
    const std::string name = group.value("metadata", Value::object()).value("name", "");
    for (const auto& version : group.value("versions", Value::array())) {
      for (const auto& resource : version.value("resources", Value::array())) {
        const auto kind = resource.value("responseKind", Value::object()).value("kind", "");
        if (kind.empty())
          continue;
        ResourceType type;
        type.group = name;
        type.version = version.value("version", "");
        type.kind = kind;
        type.resource = resource.value("resource", "");
        type.namespaced = resource.value("scope", "") == "Namespaced";
        for (const auto& verb : resource.value("verbs", Value::array()))
          type.verbs.push_back(verb.get<std::string>());
        discovery.add(std::move(type));  // the preferred version, listed first, wins
      }
    }
  }
}

bool is_aggregated(const HttpResponse& response) {
  return response.ok() && response.content_type.find("APIGroupDiscoveryList") != std::string::npos;
}

}  // namespace

Discovery parse_aggregated_discovery(std::string_view core, std::string_view groups) {
  Discovery discovery;
  add_groups(discovery, manifest::parse_json(core, "the server's discovery of /api"));
  add_groups(discovery, manifest::parse_json(groups, "the server's discovery of /apis"));
  return discovery;
}

std::optional<Discovery> read_aggregated_discovery(ApiClient& api) {
  const auto responses =
      api.send_all({{"GET", "/api", "", "", kAggregated}, {"GET", "/apis", "", "", kAggregated}});
  if (!is_aggregated(responses[0]) || !is_aggregated(responses[1]))
    return std::nullopt;
  return parse_aggregated_discovery(responses[0].body, responses[1].body);
}

}  // namespace gitops::kube
