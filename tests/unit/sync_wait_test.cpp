// gitsync --wait against an API answered from memory: it looks until every object is healthy,
// stops at the first failure with the cause a person needs, and gives up at the timeout.

#include <gtest/gtest.h>

#include <atomic>

#include "fake_api.hpp"
#include "kube/discovery.hpp"
#include "manifest/parse.hpp"
#include "served_kinds.hpp"
#include "sync/wait.hpp"

namespace gitops::testing {
namespace {

using manifest::Object;
using namespace std::chrono_literals;

std::vector<Object> objects() {
  return manifest::parse_manifests(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n"
      "spec: {replicas: 1, selector: {matchLabels: {app: web}}}\n---\n"
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config, namespace: shop}\n",
      "app.yaml");
}

const char* const kDeploymentPath = "/apis/apps/v1/namespaces/shop/deployments/web";

std::string deployment(int available) {
  return R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","generation":1,
    "annotations":{"deployment.kubernetes.io/revision":"2"}},
    "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}}},
    "status":{"observedGeneration":1,"replicas":1,"updatedReplicas":1,"availableReplicas":)" +
         std::to_string(available) + "}}";
}

// The Deployment's ReplicaSets: revision 1 (pods labelled pod-template-hash=old) and its current
// revision 2 (hash new).
constexpr const char* kReplicaSets = R"({"items":[
  {"metadata":{"name":"web-old","labels":{"app":"web","pod-template-hash":"old"},
               "annotations":{"deployment.kubernetes.io/revision":"1"}}},
  {"metadata":{"name":"web-new","labels":{"app":"web","pod-template-hash":"new"},
               "annotations":{"deployment.kubernetes.io/revision":"2"}}}]})";

constexpr const char* kCrashingPod = R"({"items":[{"metadata":{"name":"web-7d9c"},
  "status":{"phase":"Running","containerStatuses":[{"name":"web",
  "state":{"waiting":{"reason":"CrashLoopBackOff"}},"lastState":{"terminated":{"exitCode":1}}}]}}]})";

const char* const kNewPods =
    "/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb%2Cpod-template-hash%3Dnew";

sync::WaitOptions quick(std::chrono::milliseconds timeout = 2s) {
  sync::WaitOptions options;
  options.timeout = timeout;
  options.interval = 1ms;
  return options;
}

TEST(SyncWait, WaitsUntilEveryObjectIsHealthyAndLooksNoMoreAtThoseThatAre) {
  FakeApi api;
  std::atomic<int> looks = 0;
  api.on([&](const kube::HttpRequest& request) -> std::optional<kube::HttpResponse> {
    if (request.target != kDeploymentPath)
      return std::nullopt;
    return kube::HttpResponse{200, "application/json", deployment(++looks >= 3 ? 1 : 0), 0};
  });
  const auto all = objects();
  const auto outcome = sync::wait_until_healthy(api, served_kinds(), pointers(all), quick());
  EXPECT_TRUE(outcome.healthy);
  EXPECT_FALSE(outcome.timed_out);
  EXPECT_EQ(looks.load(), 3);
  int config_reads = 0;
  for (const auto& line : api.lines())
    config_reads += line == "GET /api/v1/namespaces/shop/configmaps/config";
  EXPECT_EQ(config_reads, 1);
  for (const auto& request : api.sent)
    EXPECT_EQ(request.method, "GET") << request.target;
}

TEST(SyncWait, CrashLoopingPodFailsItsDeploymentAtOnceNamingPodContainerAndExitCode) {
  FakeApi api;
  api.on("GET", kDeploymentPath, 200, deployment(0));
  api.on("GET", "/apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dweb", 200,
         kReplicaSets);
  api.on("GET", kNewPods, 200, kCrashingPod);
  const auto all = objects();
  const auto outcome = sync::wait_until_healthy(api, served_kinds(), pointers(all), quick(60s));
  EXPECT_FALSE(outcome.healthy);
  EXPECT_FALSE(outcome.timed_out);
  ASSERT_EQ(outcome.culprits().size(), 1U);
  EXPECT_EQ(sync::describe_health(outcome.culprits().front()),
            "Deployment shop/web: pod web-7d9c container web CrashLoopBackOff (exit 1)");
  EXPECT_EQ(outcome.objects.front().id.kind, "Deployment") << "the worst first";
}

TEST(SyncWait, CrashingPodsOfAnOlderRevisionDoNotFailTheRolloutAwayFromThem) {
  FakeApi api;
  api.on("GET", kDeploymentPath, 200, deployment(0));
  api.on("GET", "/apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dweb", 200,
         kReplicaSets);
  api.on("GET", kNewPods, 200, R"({"items":[]})");
  api.on("GET", "/api/v1/namespaces/shop/pods", 200, kCrashingPod);  // any other selector
  const auto all = objects();
  const auto outcome = sync::wait_until_healthy(api, served_kinds(), pointers(all), quick(30ms));
  EXPECT_TRUE(outcome.timed_out) << "the old pods' crash loop failed the new rollout";
}

TEST(SyncWait, GivesUpAtTheTimeoutNamingWhatItStillWaitsFor) {
  FakeApi api;
  api.on("GET", kDeploymentPath, 200, deployment(0));
  api.on("GET", "/api/v1/namespaces/shop/pods", 200, R"({"items":[]})");
  const auto all = objects();
  const auto outcome = sync::wait_until_healthy(api, served_kinds(), pointers(all), quick(30ms));
  EXPECT_FALSE(outcome.healthy);
  EXPECT_TRUE(outcome.timed_out);
  ASSERT_EQ(outcome.culprits().size(), 1U);
  EXPECT_EQ(sync::describe_health(outcome.culprits().front()),
            "Deployment shop/web: 0 of 1 updated replicas available");
}

TEST(SyncWait, ObjectNotFoundIsWaitedForNotFailed) {
  FakeApi api;
  api.on("GET", kDeploymentPath, 404, status_body(404, "NotFound", "not found"));
  const auto all = objects();
  const auto outcome = sync::wait_until_healthy(api, served_kinds(), pointers(all), quick(20ms));
  EXPECT_TRUE(outcome.timed_out);
  EXPECT_EQ(outcome.culprits().front().health.reason, "not found");
}

TEST(SyncWait, ProgressShowsWhatItWaitsOn) {
  FakeApi api;
  std::atomic<int> looks = 0;
  api.on([&](const kube::HttpRequest& request) -> std::optional<kube::HttpResponse> {
    if (request.target != kDeploymentPath)
      return std::nullopt;
    return kube::HttpResponse{200, "application/json", deployment(++looks >= 2 ? 1 : 0), 0};
  });
  auto options = quick();
  std::vector<std::size_t> waiting_counts;
  options.progress = [&](const std::vector<sync::ObjectHealth>& waiting) {
    waiting_counts.push_back(waiting.size());
  };
  const auto all = objects();
  sync::wait_until_healthy(api, served_kinds(), pointers(all), options);
  EXPECT_EQ(waiting_counts, (std::vector<std::size_t>{1, 0}));
}

}  // namespace
}  // namespace gitops::testing
