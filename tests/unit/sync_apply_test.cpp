// gitsync's writes, against an API answered from memory: one server-side apply PATCH per object
// in phase order, each object's failure read from its own answer, deletes in reverse order.

#include <gtest/gtest.h>

#include "fake_api.hpp"
#include "kube/discovery.hpp"
#include "manifest/json_parse.hpp"
#include "manifest/parse.hpp"
#include "served_kinds.hpp"
#include "sync/apply.hpp"
#include "sync/prune.hpp"

namespace gitops::testing {
namespace {

using manifest::Object;
using Lines = std::vector<std::string>;

std::vector<Object> objects() {
  return manifest::parse_manifests(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n---\n"
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config, namespace: shop}\n---\n"
      "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n",
      "app.yaml");
}

TEST(SyncApply, SendsOnePatchPerObjectNamespacesFirst) {
  FakeApi api;
  const auto all = objects();
  const auto outcome = sync::apply_objects(api, pointers(all), served_kinds(), {});
  EXPECT_EQ(api.lines(),
            (Lines{"PATCH /api/v1/namespaces/shop?fieldManager=gitsync",
                   "PATCH /apis/apps/v1/namespaces/shop/deployments/web?fieldManager=gitsync",
                   "PATCH /api/v1/namespaces/shop/configmaps/config?fieldManager=gitsync"}));
  EXPECT_EQ(api.sent[0].content_type, "application/apply-patch+yaml");
  EXPECT_EQ(manifest::parse_json(api.sent[0].body, "body")["metadata"]["name"], "shop");
  EXPECT_EQ(outcome.applied.size(), 3u);
  EXPECT_TRUE(outcome.failed.empty());
}

TEST(SyncApply, ForcesOnlyWithForceConflicts) {
  FakeApi api;
  const auto all = objects();
  sync::ApplyOptions options;
  options.force_conflicts = true;
  sync::apply_objects(api, pointers(all), served_kinds(), options);
  for (const auto& line : api.lines())
    EXPECT_TRUE(line.ends_with("?fieldManager=gitsync&force=true")) << line;
}

TEST(SyncApply, RefusedObjectIsNamedWithTheServersReasonAndTheOthersStillApply) {
  FakeApi api;
  api.on("PATCH", "/api/v1/namespaces/shop/configmaps/config", 422,
         status_body(422, "Invalid",
                     "ConfigMap \\\"config\\\" is invalid: data[bad key]: Invalid value"));
  const auto all = objects();
  const auto outcome = sync::apply_objects(api, pointers(all), served_kinds(), {});
  ASSERT_EQ(outcome.failed.size(), 1u);
  EXPECT_EQ(outcome.failed[0].id.to_string(), "ConfigMap shop/config");
  EXPECT_EQ(outcome.failed[0].reason,
            "ConfigMap \"config\" is invalid: data[bad key]: Invalid value");
  EXPECT_EQ(outcome.applied.size(), 2u);
  EXPECT_EQ(api.sent.size(), 3u);  // no second pass for the failure
}

TEST(SyncApply, ConflictSuggestsForceConflicts) {
  FakeApi api;
  api.on("PATCH", "/apis/apps/v1/", 409,
         status_body(409, "Conflict",
                     "Apply failed with 1 conflict: conflict with \\\"hpa\\\": .spec.replicas"));
  const auto all = objects();
  const auto outcome = sync::apply_objects(api, pointers(all), served_kinds(), {});
  ASSERT_EQ(outcome.failed.size(), 1u);
  EXPECT_EQ(outcome.failed[0].reason,
            "Apply failed with 1 conflict: conflict with \"hpa\": .spec.replicas (use "
            "--force-conflicts to take the fields over)");
}

TEST(SyncApply, CustomResourcesWaitUntilTheirCrdIsEstablished) {
  FakeApi api;
  int reads = 0;
  api.on([&](const kube::HttpRequest& request) -> std::optional<kube::HttpResponse> {
    if (request.method != "GET")
      return std::nullopt;
    const bool ready = ++reads >= 3;
    return kube::HttpResponse{
        200, "application/json",
        std::string(R"({"status":{"conditions":[{"type":"Established","status":")") +
            (ready ? "True" : "False") + R"("}]}})",
        0};
  });
  const auto all = manifest::parse_manifests(
      "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g, namespace: shop}\n---\n"
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
      "metadata: {name: gadgets.example.com}\n",
      "crd.yaml");
  const auto outcome = sync::apply_objects(api, pointers(all), served_kinds(), {});
  EXPECT_TRUE(outcome.failed.empty());
  EXPECT_EQ(
      api.lines(),
      (Lines{"PATCH /apis/apiextensions.k8s.io/v1/customresourcedefinitions/"
             "gadgets.example.com?fieldManager=gitsync",
             "GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com",
             "GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com",
             "GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com",
             "PATCH /apis/example.com/v1/namespaces/shop/gadgets/g?fieldManager=gitsync"}));
}

TEST(SyncPrune, DeletesInReverseOrderAndAnObjectAlreadyGoneIsNoFailure) {
  FakeApi api;
  api.on("DELETE", "/api/v1/namespaces/shop/configmaps/gone", 404,
         status_body(404, "NotFound", "configmaps \\\"gone\\\" not found"));
  api.on("DELETE", "/apis/apps/v1/", 403,
         status_body(403, "Forbidden", "deployments.apps \\\"web\\\" is forbidden"));
  const std::vector<sync::MemberObject> members{
      {{"", "Namespace", "", "shop"}, "v1"},
      {{"", "ConfigMap", "shop", "gone"}, "v1"},
      {{"apps", "Deployment", "shop", "web"}, "apps/v1"},
  };
  const auto failed = sync::delete_objects(api, members, served_kinds());
  EXPECT_EQ(api.lines(), (Lines{"DELETE /api/v1/namespaces/shop/configmaps/gone",
                                "DELETE /apis/apps/v1/namespaces/shop/deployments/web",
                                "DELETE /api/v1/namespaces/shop"}));
  EXPECT_EQ(manifest::parse_json(api.sent[0].body, "body")["propagationPolicy"], "Background");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].id.to_string(), "apps/Deployment shop/web");
  EXPECT_EQ(failed[0].reason, "deployments.apps \"web\" is forbidden");
}

}  // namespace
}  // namespace gitops::testing
