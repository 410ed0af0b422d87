// Discovery read from the server's aggregated discovery documents, and the table it is cached as.

#include "kube/aggregated_discovery.hpp"

#include <gtest/gtest.h>

namespace gitops::testing {
namespace {

// Cut down from the local cluster's GET /api and /apis (APIGroupDiscoveryList, v2).
constexpr const char* kCore =
    R"({"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2",
"items":[{"metadata":{"creationTimestamp":null},"versions":[{"version":"v1","resources":[
{"resource":"configmaps","responseKind":{"group":"","version":"v1","kind":"ConfigMap"},
 "scope":"Namespaced","singularResource":"configmap","verbs":["create","get","list"]},
{"resource":"namespaces","responseKind":{"group":"","version":"v1","kind":"Namespace"},
 "scope":"Cluster","singularResource":"namespace","verbs":["get","list"]}],"freshness":"Current"}]}]})";

constexpr const char* kGroups =
    R"({"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2",
"items":[{"metadata":{"name":"example.com"},"versions":[
 {"version":"v2","resources":[{"resource":"gadgets","responseKind":{"group":"example.com",
  "version":"v2","kind":"Gadget"},"scope":"Namespaced","verbs":["get"]}]},
 {"version":"v1","resources":[{"resource":"gadgets","responseKind":{"group":"example.com",
  "version":"v1","kind":"Gadget"},"scope":"Namespaced","verbs":["get"]},
  {"resource":"widgets","responseKind":{"group":"example.com","version":"v1","kind":"Widget"},
  "scope":"Cluster","verbs":["get","list"]}]}]},
{"metadata":{"name":"metrics.k8s.io"},"versions":[{"version":"v1beta1","freshness":"Stale"}]}]})";

TEST(AggregatedDiscovery, ReadsEveryKindWithItsPreferredVersionScopeAndVerbs) {
  const auto discovery = kube::parse_aggregated_discovery(kCore, kGroups);
  const auto* config_map = discovery.find("", "ConfigMap");
  ASSERT_NE(config_map, nullptr);
  EXPECT_EQ(config_map->version, "v1");
  EXPECT_EQ(config_map->resource, "configmaps");
  EXPECT_TRUE(config_map->namespaced);
  EXPECT_EQ(config_map->verbs, (std::vector<std::string>{"create", "get", "list"}));
  EXPECT_FALSE(discovery.find("", "Namespace")->namespaced);
  EXPECT_EQ(discovery.find("example.com", "Gadget")->version, "v2");
  // A kind only an older version serves is still known, at that version.
  EXPECT_EQ(discovery.find("example.com", "Widget")->version, "v1");
  EXPECT_EQ(discovery.all().size(), 4u);  // a stale group with no resources adds nothing
}

TEST(AggregatedDiscovery, CachedTableReadsBackTheSame) {
  const auto discovery = kube::parse_aggregated_discovery(kCore, kGroups);
  const auto again = kube::Discovery::parse(discovery.to_table());
  ASSERT_EQ(again.all().size(), discovery.all().size());
  for (const auto& type : discovery.all()) {
    const auto* read = again.find(type.group, type.kind);
    ASSERT_NE(read, nullptr) << type.kind;
    EXPECT_EQ(read->version, type.version);
    EXPECT_EQ(read->resource, type.resource);
    EXPECT_EQ(read->namespaced, type.namespaced);
    EXPECT_EQ(read->verbs, type.verbs);
  }
}

}  // namespace
}  // namespace gitops::testing
