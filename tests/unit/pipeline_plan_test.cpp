// gitdiff's and gitsync's plan, against an API answered from memory and a scratch repository: what
// git declares, compared with the live objects the plan lists, without kubectl or a cluster.

#include "pipeline/plan.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "error_of.hpp"
#include "fake_api.hpp"
#include "git/repository.hpp"
#include "manifest/parse.hpp"
#include "scratch_git.hpp"
#include "util/temp_dir.hpp"

namespace gitops::testing {
namespace {

using diff::Action;
using Lines = std::vector<std::string>;

constexpr const char* kAggregatedDiscovery =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

// What the fake cluster serves: ConfigMaps, Namespaces, Deployments, CRDs and example.com Gadgets.
constexpr const char* kCoreDiscovery =
    R"({"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2",
"items":[{"metadata":{},"versions":[{"version":"v1","resources":[
{"resource":"configmaps","responseKind":{"group":"","version":"v1","kind":"ConfigMap"},
 "scope":"Namespaced","verbs":["get","list"]},
{"resource":"namespaces","responseKind":{"group":"","version":"v1","kind":"Namespace"},
 "scope":"Cluster","verbs":["get","list"]}]}]}]})";

constexpr const char* kGroupDiscovery =
    R"({"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2","items":[
{"metadata":{"name":"apps"},"versions":[{"version":"v1","resources":[
 {"resource":"deployments","responseKind":{"group":"apps","version":"v1","kind":"Deployment"},
  "scope":"Namespaced","verbs":["get","list"]}]}]},
{"metadata":{"name":"apiextensions.k8s.io"},"versions":[{"version":"v1","resources":[
 {"resource":"customresourcedefinitions","responseKind":{"group":"apiextensions.k8s.io",
  "version":"v1","kind":"CustomResourceDefinition"},"scope":"Cluster","verbs":["get","list"]}]}]},
{"metadata":{"name":"example.com"},"versions":[{"version":"v1","resources":[
 {"resource":"gadgets","responseKind":{"group":"example.com","version":"v1","kind":"Gadget"},
  "scope":"Namespaced","verbs":["get","list"]}]}]}]})";

// Answers GET `target` itself (FakeApi::on matches prefixes, and "/api" prefixes every core path).
void answer_exactly(FakeApi& api, const std::string& target, const std::string& body,
                    const std::string& content_type = "application/json") {
  api.on([=](const kube::HttpRequest& request) -> std::optional<kube::HttpResponse> {
    if (request.method != "GET" || request.target != target)
      return std::nullopt;
    return kube::HttpResponse{200, content_type, body, 0};
  });
}

void serve_discovery(FakeApi& api) {
  answer_exactly(api, "/api", kCoreDiscovery, kAggregatedDiscovery);
  answer_exactly(api, "/apis", kGroupDiscovery, kAggregatedDiscovery);
}

// A list as the server answers it: items without apiVersion and kind.
std::string list_of(const std::vector<std::string>& items) {
  std::string body = R"({"kind":"List","items":[)";
  for (std::size_t i = 0; i < items.size(); ++i)
    body += (i ? "," : "") + items[i];
  return body + "]}";
}

const diff::ObjectChange* change_of(const diff::Report& report, const std::string& id) {
  for (const auto& change : report.changes.objects) {
    if (change.id.to_string() == id)
      return &change;
  }
  return nullptr;
}

// Every test gets its own discovery and OpenAPI cache (XDG_CACHE_HOME) and its own server URL, and
// a kubectl that cannot start: a plan that tried to run one would fail.
class PipelinePlan : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* saved = std::getenv("XDG_CACHE_HOME"))
      saved_cache_home_ = saved;
    ::setenv("XDG_CACHE_HOME", cache_home_.path().c_str(), 1);
    serve_discovery(api_);
  }
  void TearDown() override {
    if (saved_cache_home_)
      ::setenv("XDG_CACHE_HOME", saved_cache_home_->c_str(), 1);
    else
      ::unsetenv("XDG_CACHE_HOME");
  }

  static kube::KubectlOptions no_kubectl() {
    kube::KubectlOptions options;
    options.binary = "/nonexistent/kubectl";
    return options;
  }

  static std::string server() {
    return std::string("https://") +
           ::testing::UnitTest::GetInstance()->current_test_info()->name() +
           ".pipeline-plan.test:6443";
  }

  // Commits what the test wrote and plans HEAD against the fake cluster.
  pipeline::Plan plan_head(std::set<manifest::ObjectId> inventory = {}) {
    git_.commit("manifests");
    auto repository = git::Repository::discover(git_.root());
    pipeline::PlanRequest request;
    request.repository = &repository;
    request.commit = repository.resolve("HEAD");
    request.revision = "HEAD";
    request.inventory = std::move(inventory);
    request.target = kube::ClusterTarget{"test-context", server(), default_namespace_};
    return pipeline::plan_against_cluster(kubectl_, api_, request);
  }

  std::string plan_error() {
    return error_of([&] { plan_head(); });
  }

  bool sent(const std::string& line) const {
    const auto lines = api_.lines();
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  }

  ScratchGit git_;
  FakeApi api_;
  kube::Kubectl kubectl_{no_kubectl()};
  std::string default_namespace_ = "default";

 private:
  util::TempDir cache_home_{"pipeline-plan-cache"};
  std::optional<std::string> saved_cache_home_;
};

const std::string kConfigMap =
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config, namespace: shop}\n"
    "data: {color: green}\n";

TEST_F(PipelinePlan, ObjectMissingFromTheClusterIsACreation) {
  git_.write("app.yaml", kConfigMap);
  api_.on("GET", "/api/v1/namespaces/shop/configmaps", 200, list_of({}));
  const auto plan = plan_head();
  ASSERT_EQ(plan.report.changes.objects.size(), 1u);
  const auto& change = plan.report.changes.objects[0];
  EXPECT_EQ(change.id.to_string(), "ConfigMap shop/config");
  EXPECT_EQ(change.action, Action::create);
  EXPECT_EQ(change.source, "app.yaml:1");
  EXPECT_TRUE(sent("GET /api/v1/namespaces/shop/configmaps"));
}

TEST_F(PipelinePlan, ObjectDifferingOnlyInFieldsGitDoesNotDeclareIsUnchanged) {
  git_.write("web.yaml",
             "apiVersion: apps/v1\nkind: Deployment\n"
             "metadata: {name: web, namespace: shop, labels: {app: web}}\n"
             "spec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n"
             "  template:\n    metadata: {labels: {app: web}}\n"
             "    spec:\n      containers:\n      - {name: web, image: 'nginx:1.27'}\n");
  api_.on("GET", "/apis/apps/v1/namespaces/shop/deployments", 200, list_of({R"({
    "metadata":{"name":"web","namespace":"shop","labels":{"app":"web"},"uid":"0f3c",
      "resourceVersion":"4711","generation":3,"creationTimestamp":"2024-05-01T10:00:00Z",
      "annotations":{"deployment.kubernetes.io/revision":"3"},
      "managedFields":[{"manager":"kubectl-client-side-apply","operation":"Update",
        "apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:paused":{}}}}]},
    "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"progressDeadlineSeconds":600,
      "revisionHistoryLimit":10,"strategy":{"type":"RollingUpdate",
        "rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
      "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web",
        "image":"nginx:1.27","imagePullPolicy":"IfNotPresent","resources":{},
        "terminationMessagePath":"/dev/termination-log"}],"restartPolicy":"Always",
        "dnsPolicy":"ClusterFirst","schedulerName":"default-scheduler"}}},
    "status":{"replicas":2,"readyReplicas":2,"observedGeneration":3}})"}));
  const auto plan = plan_head();
  ASSERT_EQ(plan.report.changes.objects.size(), 1u);
  const auto& change = plan.report.changes.objects[0];
  EXPECT_EQ(change.id.to_string(), "apps/Deployment shop/web");
  EXPECT_EQ(change.action, Action::unchanged);
  EXPECT_TRUE(change.fields.empty()) << change.fields.front().path;
}

TEST_F(PipelinePlan, ChangedDeclaredFieldIsAnUpdateNamingTheField) {
  git_.write("app.yaml", kConfigMap);
  api_.on("GET", "/api/v1/namespaces/shop/configmaps", 200,
          list_of({R"({"metadata":{"name":"config","namespace":"shop","uid":"1"},
                      "data":{"color":"blue"}})"}));
  const auto plan = plan_head();
  ASSERT_EQ(plan.report.changes.objects.size(), 1u);
  const auto& change = plan.report.changes.objects[0];
  EXPECT_EQ(change.action, Action::update);
  ASSERT_EQ(change.fields.size(), 1u);
  EXPECT_EQ(change.fields[0].path, "data.color");
  EXPECT_EQ(change.fields[0].before, manifest::Value("blue"));
  EXPECT_EQ(change.fields[0].after, manifest::Value("green"));
}

TEST_F(PipelinePlan, InventoryObjectGitNoLongerDeclaresIsADeletion) {
  git_.write("app.yaml", kConfigMap);
  api_.on("GET", "/api/v1/namespaces/shop/configmaps", 200,
          list_of({R"({"metadata":{"name":"config","namespace":"shop"},"data":{"color":"green"}})",
                   R"({"metadata":{"name":"old","namespace":"shop"},"data":{"a":"b"}})",
                   R"({"metadata":{"name":"unmanaged","namespace":"shop"}})"}));
  const auto plan =
      plan_head({{"", "ConfigMap", "shop", "old"}, {"", "ConfigMap", "shop", "config"}});
  const auto counts = plan.report.changes.counts();
  EXPECT_EQ(counts.remove, 1);
  EXPECT_EQ(counts.unchanged, 1);
  EXPECT_EQ(plan.report.changes.objects.size(), 2u);  // an object outside the inventory stays out
  const auto* old = change_of(plan.report, "ConfigMap shop/old");
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->action, Action::remove);
  EXPECT_EQ(old->api_version, "v1");
}

TEST_F(PipelinePlan, InventoryObjectAlreadyGoneFromTheClusterIsNoChange) {
  git_.write("app.yaml", kConfigMap);
  api_.on("GET", "/api/v1/namespaces/shop/configmaps", 200, list_of({}));
  const auto plan = plan_head({{"", "ConfigMap", "shop", "old"}});
  ASSERT_EQ(plan.report.changes.objects.size(), 1u);
  EXPECT_EQ(plan.report.changes.objects[0].id.name, "config");
}

TEST_F(PipelinePlan, NamespacedObjectWithoutNamespaceTakesTheTargetsDefault) {
  default_namespace_ = "team-a";
  git_.write("app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config}\n");
  const auto plan = plan_head();
  ASSERT_EQ(plan.desired.size(), 1u);
  EXPECT_EQ(plan.desired[0].id.namespace_, "team-a");
  EXPECT_EQ(plan.desired[0].body["metadata"]["namespace"], "team-a");
  EXPECT_EQ(plan.report.changes.objects[0].id.to_string(), "ConfigMap team-a/config");
  EXPECT_TRUE(sent("GET /api/v1/namespaces/team-a/configmaps"));
}

TEST_F(PipelinePlan, ClusterScopedKindGetsNoNamespace) {
  default_namespace_ = "team-a";
  git_.write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, namespace: x}\n");
  const auto plan = plan_head();
  ASSERT_EQ(plan.desired.size(), 1u);
  EXPECT_EQ(plan.desired[0].id.namespace_, "");
  EXPECT_FALSE(plan.desired[0].body["metadata"].contains("namespace"));
  EXPECT_TRUE(sent("GET /api/v1/namespaces"));
}

TEST_F(PipelinePlan, KindTheServerDoesNotServeIsAnErrorNamingIt) {
  git_.write("app.yaml", kConfigMap);
  git_.write("widget.yaml",
             "apiVersion: example.org/v1\nkind: Widget\nmetadata: {name: w, namespace: shop}\n");
  EXPECT_EQ(plan_error(),
            "unknown kind 'Widget.example.org' of 'w' in 'widget.yaml:1': the cluster does not "
            "serve it and no CustomResourceDefinition in the change defines it");
}

TEST_F(PipelinePlan, KindACrdInTheChangeDefinesIsACreationWithoutAList) {
  git_.write("crd.yaml",
             "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
             "metadata: {name: widgets.example.org}\n"
             "spec:\n  group: example.org\n  scope: Cluster\n"
             "  names: {kind: Widget, plural: widgets}\n"
             "  versions: [{name: v1, served: true, storage: true}]\n");
  git_.write("widget.yaml",
             "apiVersion: example.org/v1\nkind: Widget\nmetadata: {name: w, namespace: shop}\n");
  const auto plan = plan_head();
  const auto* widget =
      change_of(plan.report, "example.org/Widget w");  // cluster-scoped, as defined
  ASSERT_NE(widget, nullptr);
  EXPECT_EQ(widget->action, Action::create);
  for (const auto& line : api_.lines())
    EXPECT_EQ(line.find("widgets"), std::string::npos) << line;  // the server cannot list it yet
}

TEST_F(PipelinePlan, ForbiddenListMakesItsObjectsUnreadableNotCreations) {
  git_.write("app.yaml", kConfigMap);
  api_.on("GET", "/api/v1/namespaces/shop/configmaps", 403,
          status_body(403, "Forbidden",
                      "configmaps is forbidden: User \\\"dev\\\" cannot list resource"));
  const auto plan = plan_head();
  const auto counts = plan.report.changes.counts();
  EXPECT_EQ(counts.unreadable, 1);
  EXPECT_EQ(counts.create, 0);
  EXPECT_EQ(plan.report.changes.objects[0].reason,
            "configmaps is forbidden: User \"dev\" cannot list resource");
}

TEST_F(PipelinePlan, OtherListFailureIsAnErrorNamingTheList) {
  git_.write("app.yaml", kConfigMap);
  api_.on("GET", "/api/v1/namespaces/shop/configmaps", 500,
          status_body(500, "InternalError", "etcdserver: request timed out"));
  EXPECT_EQ(plan_error(),
            "cannot list configmaps in namespace 'shop': etcdserver: request timed out");
}

TEST_F(PipelinePlan, ListNotFoundAsksDiscoveryAgainAndListsAgain) {
  git_.write("app.yaml", kConfigMap);
  int lists = 0;
  api_.on([&](const kube::HttpRequest& request) -> std::optional<kube::HttpResponse> {
    if (request.target != "/api/v1/namespaces/shop/configmaps")
      return std::nullopt;
    // The first list finds nothing at discovery's version (a CRD moved, say); the second does.
    if (++lists == 1)
      return kube::HttpResponse{404, "application/json", status_body(404, "NotFound", "gone"), 0};
    return kube::HttpResponse{
        200, "application/json",
        list_of({R"({"metadata":{"name":"config","namespace":"shop"},"data":{"color":"green"}})"}),
        0};
  });
  const auto plan = plan_head();
  EXPECT_EQ(lists, 2);
  const auto lines = api_.lines();
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "GET /api"), 2);
  EXPECT_EQ(plan.report.changes.counts().unchanged, 1);
}

TEST_F(PipelinePlan, SecondPlanOfTheSameServerReadsDiscoveryFromTheCache) {
  git_.write("app.yaml", kConfigMap);
  plan_head();
  api_.sent.clear();
  git_.write("app.yaml", kConfigMap + "---\n" + "apiVersion: v1\nkind: ConfigMap\n" +
                             "metadata: {name: other, namespace: shop}\n");
  plan_head();
  EXPECT_FALSE(sent("GET /api"));
  EXPECT_FALSE(sent("GET /apis"));
}

TEST_F(PipelinePlan, CachedDiscoveryLackingAKindTheChangeUsesIsAskedAgain) {
  git_.write("app.yaml", kConfigMap);
  plan_head();
  api_.sent.clear();
  // A CRD installed since the cache was written may serve it: the server is asked, not the cache.
  git_.write("widget.yaml",
             "apiVersion: example.org/v1\nkind: Widget\nmetadata: {name: w, namespace: shop}\n");
  EXPECT_NE(plan_error().find("unknown kind 'Widget.example.org'"), std::string::npos);
  EXPECT_TRUE(sent("GET /api"));
  EXPECT_TRUE(sent("GET /apis"));
}

TEST_F(PipelinePlan, PlanSendsNothingButReads) {
  git_.write("app.yaml", kConfigMap);
  git_.write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n");
  api_.on("GET", "/api/v1/namespaces/shop/configmaps", 200,
          list_of({R"({"metadata":{"name":"config","namespace":"shop"},"data":{"color":"blue"}})",
                   R"({"metadata":{"name":"old","namespace":"shop"}})"}));
  const auto plan = plan_head({{"", "ConfigMap", "shop", "old"}});
  EXPECT_EQ(plan.report.changes.counts().changed(), 3);  // create, update, delete
  ASSERT_FALSE(api_.sent.empty());
  for (const auto& request : api_.sent)
    EXPECT_EQ(request.method, "GET") << request.target;
}

TEST_F(PipelinePlan, ReportNamesTheGivenTargetAndTheRevision) {
  git_.write("app.yaml", kConfigMap);
  const auto plan = plan_head();
  EXPECT_EQ(plan.report.target.context, "test-context");
  EXPECT_EQ(plan.report.target.server, server());
  EXPECT_EQ(plan.report.source.revision, "HEAD");
  EXPECT_EQ(plan.report.source.commit, git_.git("rev-parse HEAD"));
}

// A Gadget's spec.parts is a list-map keyed by slot in the cluster's OpenAPI v3 schema, and no key
// the built-in table knows.
constexpr const char* kGadgetSchema = R"({"components":{"schemas":{"com.example.v1.Gadget":{
  "type":"object","x-kubernetes-group-version-kind":[
    {"group":"example.com","kind":"Gadget","version":"v1"}],
  "properties":{"spec":{"type":"object","properties":{"parts":{"type":"array",
    "items":{"type":"object","properties":{"slot":{"type":"string"},"size":{"type":"integer"}}},
    "x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["slot"]}}}}}}}})";

class PipelinePlanSchema : public PipelinePlan {
 protected:
  void declare_gadget_with_parts_reordered_live() {
    git_.write("gadget.yaml",
               "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g, namespace: shop}\n"
               "spec:\n  parts:\n  - {slot: a, size: 1}\n  - {slot: b, size: 2}\n");
    api_.on("GET", "/apis/example.com/v1/namespaces/shop/gadgets", 200,
            list_of({R"({"apiVersion":"example.com/v1","kind":"Gadget",
              "metadata":{"name":"g","namespace":"shop"},
              "spec":{"parts":[{"slot":"b","size":2},{"slot":"a","size":1}]}})"}));
  }
};

TEST_F(PipelinePlanSchema, ListReorderedOnTheServerIsUnchangedWhenTheSchemaKeysIt) {
  declare_gadget_with_parts_reordered_live();
  answer_exactly(api_, "/openapi/v3",
                 R"({"paths":{"apis/example.com/v1":{
                   "serverRelativeURL":"/openapi/v3/apis/example.com/v1?hash=F00D"}}})");
  answer_exactly(api_, "/openapi/v3/apis/example.com/v1?hash=F00D", kGadgetSchema);
  const auto plan = plan_head();
  EXPECT_EQ(plan.report.changes.objects.at(0).action, Action::unchanged);
  EXPECT_TRUE(sent("GET /openapi/v3/apis/example.com/v1?hash=F00D"));
}

TEST_F(PipelinePlanSchema, ListReorderedOnTheServerIsAnUpdateWithoutTheSchema) {
  declare_gadget_with_parts_reordered_live();
  api_.on("GET", "/openapi/v3", 404, status_body(404, "NotFound", "the server has no OpenAPI v3"));
  const auto plan = plan_head();
  EXPECT_EQ(plan.report.changes.objects.at(0).action, Action::update);
}

}  // namespace
}  // namespace gitops::testing
