// The kube seam against the local cluster. KUBECONFIG must point at its kubeconfig, whose contexts
// are admin (current, system:masters), viewer (the view ClusterRole) and team-a (edit in namespace
// team-a only). Without it these tests fail: a skipped cluster test hides a broken setup.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "error.hpp"
#include "kube/aggregated_discovery.hpp"
#include "kube/api_proxy.hpp"
#include "kube/api_requests.hpp"
#include "kube/context.hpp"
#include "kube/discovery.hpp"
#include "kube/kubectl.hpp"
#include "scratch_folder.hpp"

namespace gitops::kube {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string kubectl_binary() {
  const char* binary = std::getenv("KUBECTL");
  return binary != nullptr && *binary != '\0' ? binary : "kubectl";
}

// Kubectl as one of the kubeconfig's users; no context: the kubeconfig's current one.
Kubectl kubectl_as(const std::string& context, GlobalFlags flags = {}) {
  KubectlOptions options;
  options.binary = kubectl_binary();
  options.timeout = 60s;
  if (!context.empty()) {
    flags.context = context;
  }
  options.flags = std::move(flags);
  return Kubectl(options);
}

// Unique per test run, so that runs never collide and leftovers are recognisable.
std::string unique_name(const std::string& what) {
  static std::atomic<int> counter{0};
  return "kube-test-" + what + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

std::string failure_of(const Kubectl& kubectl, const KubectlCall& call, const std::string& what) {
  try {
    kubectl.run_checked(call, what);
  } catch (const Error& error) {
    return error.what();
  }
  return "(no error)";
}

// Deletes a configmap as admin when the test ends, whether or not it was created.
class ConfigMapCleanup {
 public:
  ConfigMapCleanup(std::string namespace_, std::string name)
      : namespace_(std::move(namespace_)), name_(std::move(name)) {}
  ~ConfigMapCleanup() {
    kubectl_as("admin").run(
        {{"delete", "configmap", name_, "-n", namespace_, "--ignore-not-found", "--wait=false"},
         ""});
  }

 private:
  std::string namespace_;
  std::string name_;
};

class KubeCluster : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* kubeconfig = std::getenv("KUBECONFIG");
    ASSERT_TRUE(kubeconfig != nullptr && *kubeconfig != '\0')
        << "KUBECONFIG is not set: point it at the local cluster's kubeconfig "
           "(scripts/test.sh starts one)";
  }
};

TEST_F(KubeCluster, AdminListsTheSystemNamespaces) {
  const auto out = kubectl_as("admin").run_checked({{"get", "namespaces", "-o", "json"}, ""},
                                                   "cannot list namespaces");
  const auto list = nlohmann::json::parse(out);
  std::vector<std::string> names;
  for (const auto& item : list.at("items")) {
    names.push_back(item.at("metadata").at("name").get<std::string>());
  }
  for (const char* expected : {"default", "kube-system", "kube-public"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
}

TEST_F(KubeCluster, ServiceRangeHoldsAtLeastFiveThousandServices) {
  const auto out = kubectl_as("admin").run_checked(
      {{"get", "servicecidrs", "-o", "jsonpath={.items[*].spec.cidrs[*]}"}, ""},
      "cannot read the service ranges");
  const auto slash = out.find('/');
  ASSERT_NE(slash, std::string::npos) << out;
  const int prefix = std::stoi(out.substr(slash + 1));
  EXPECT_GE((1L << (32 - prefix)) - 2, 5000) << out;
}

TEST_F(KubeCluster, ViewerCannotCreate) {
  const auto name = unique_name("viewer");
  ConfigMapCleanup cleanup("default", name);
  const auto message =
      failure_of(kubectl_as("viewer"), {{"create", "configmap", name, "-n", "default"}, ""},
                 "cannot create configmap " + quoted(name));
  EXPECT_EQ(message.rfind("cannot create configmap '" + name + "': ", 0), 0u) << message;
  EXPECT_NE(message.find("forbidden"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST_F(KubeCluster, ViewerCanRead) {
  EXPECT_NO_THROW(kubectl_as("viewer").run_checked({{"get", "configmaps", "-n", "default"}, ""},
                                                   "cannot list configmaps"));
}

TEST_F(KubeCluster, TeamACreatesInItsNamespaceOnly) {
  const auto team_a = kubectl_as("team-a");
  const auto name = unique_name("team-a");
  ConfigMapCleanup cleanup_team_a("team-a", name);
  ConfigMapCleanup cleanup_default("default", name);

  EXPECT_NO_THROW(team_a.run_checked(
      {{"create", "configmap", name, "-n", "team-a", "--from-literal=key=value"}, ""},
      "cannot create configmap " + quoted(name)));
  const auto message = failure_of(team_a, {{"create", "configmap", name, "-n", "default"}, ""},
                                  "cannot create configmap " + quoted(name));
  EXPECT_NE(message.find("forbidden"), std::string::npos) << message;
}

TEST_F(KubeCluster, FeedsManifestsOnStdin) {
  const auto name = unique_name("stdin");
  ConfigMapCleanup cleanup("team-a", name);
  const auto manifest = nlohmann::json{{"apiVersion", "v1"},
                                       {"kind", "ConfigMap"},
                                       {"metadata", {{"name", name}, {"namespace", "team-a"}}},
                                       {"data", {{"payload", std::string(200'000, 'x')}}}};
  const auto admin = kubectl_as("admin");
  admin.run_checked({{"create", "-f", "-"}, manifest.dump()}, "cannot create " + quoted(name));
  const auto out = admin.run_checked({{"get", "configmap", name, "-n", "team-a", "-o", "json"}, ""},
                                     "cannot read " + quoted(name));
  EXPECT_EQ(nlohmann::json::parse(out).at("data").at("payload").get<std::string>().size(),
            200'000u);
}

TEST_F(KubeCluster, RunAllKeepsOrderAgainstTheCluster) {
  const auto admin = kubectl_as("admin");
  const std::vector<KubectlCall> calls = {
      {{"get", "namespace", "default", "-o", "name"}, ""},
      {{"get", "namespace", "kube-system", "-o", "name"}, ""},
      {{"get", "namespace", "kube-public", "-o", "name"}, ""},
      {{"get", "namespace", unique_name("missing"), "-o", "name"}, ""}};
  const auto results = admin.run_all(calls, 4);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].out, "namespace/default\n");
  EXPECT_EQ(results[1].out, "namespace/kube-system\n");
  EXPECT_EQ(results[2].out, "namespace/kube-public\n");
  EXPECT_FALSE(results[3].ok());
  EXPECT_NE(results[3].error_line().find("NotFound"), std::string::npos) << results[3].error_line();
}

constexpr const char* kUnreachableKubeconfig = R"(apiVersion: v1
kind: Config
clusters:
- name: nowhere
  cluster:
    server: https://127.0.0.1:1
users:
- name: nobody
  user:
    token: unused
contexts:
- name: nowhere
  context:
    cluster: nowhere
    user: nobody
current-context: nowhere
)";

TEST_F(KubeCluster, AnUnreachableServerGivesOneClearLine) {
  const gitops::testing::ScratchFolder folder{"kube-cluster-test"};
  GlobalFlags flags;
  flags.kubeconfig = folder.write("kubeconfig", kUnreachableKubeconfig).string();
  const auto message =
      failure_of(kubectl_as("", flags), {{"get", "namespaces"}, ""}, "cannot list namespaces");
  EXPECT_EQ(message.rfind("cannot list namespaces: cannot reach the cluster: ", 0), 0u) << message;
  EXPECT_NE(message.find("127.0.0.1:1"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST_F(KubeCluster, NoConfiguredClusterGivesOneClearLine) {
  const gitops::testing::ScratchFolder folder{"kube-cluster-test"};
  GlobalFlags flags;
  flags.kubeconfig = folder.write("kubeconfig", "").string();
  const auto kubectl = kubectl_as("", flags);

  const auto message = failure_of(kubectl, {{"get", "namespaces"}, ""}, "cannot list namespaces");
  EXPECT_EQ(message.rfind("cannot list namespaces: cannot reach the cluster: ", 0), 0u) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;

  try {
    current_target(kubectl);
    ADD_FAILURE() << "expected an error";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "no current context in the kubeconfig: set one or pass --context");
  }
}

TEST_F(KubeCluster, DiscoveryFindsNamespacedAndClusterScopedKinds) {
  const auto discovery = Discovery::load(kubectl_as("admin"));

  const auto* deployment = discovery.find("apps", "Deployment");
  ASSERT_NE(deployment, nullptr);
  EXPECT_TRUE(deployment->namespaced);
  EXPECT_EQ(deployment->version, "v1");
  EXPECT_EQ(deployment->resource, "deployments");
  EXPECT_NE(std::find(deployment->verbs.begin(), deployment->verbs.end(), "patch"),
            deployment->verbs.end());

  const auto* ns = discovery.find("", "Namespace");
  ASSERT_NE(ns, nullptr);
  EXPECT_FALSE(ns->namespaced);
  EXPECT_EQ(ns->resource, "namespaces");

  const auto* configmap = discovery.find("", "ConfigMap");
  ASSERT_NE(configmap, nullptr);
  EXPECT_TRUE(configmap->namespaced);

  const auto* crd = discovery.find("apiextensions.k8s.io", "CustomResourceDefinition");
  ASSERT_NE(crd, nullptr);
  EXPECT_FALSE(crd->namespaced);
  EXPECT_EQ(discovery.find("apps", "NoSuchKind"), nullptr);
}

TEST_F(KubeCluster, CurrentTargetIsTheAdminContext) {
  const auto target = current_target(kubectl_as(""));
  EXPECT_EQ(target.context, "admin");
  EXPECT_EQ(target.server.rfind("https://", 0), 0u) << target.server;
  EXPECT_FALSE(target.namespace_.empty());
}

TEST_F(KubeCluster, CurrentTargetFollowsTheContextAndNamespaceFlags) {
  GlobalFlags flags;
  flags.namespace_ = "kube-system";
  const auto target = current_target(kubectl_as("viewer", flags));
  EXPECT_EQ(target.context, "viewer");
  EXPECT_EQ(target.namespace_, "kube-system");
  EXPECT_EQ(target.server, current_target(kubectl_as("admin")).server);
}

TEST_F(KubeCluster, CurrentTargetFollowsAnEditedKubeconfig) {
  const gitops::testing::ScratchFolder folder{"kube-cluster-test"};
  const char* previous = std::getenv("XDG_CACHE_HOME");
  const std::string saved = previous ? previous : "";
  ::setenv("XDG_CACHE_HOME", (folder.path() / "cache").c_str(), 1);
  auto kubeconfig_in = [&](const std::string& namespace_) {
    std::string text = kUnreachableKubeconfig;
    const std::string user = "    user: nobody\n";
    text.insert(text.find(user) + user.size(), "    namespace: " + namespace_ + "\n");
    return folder.write("kubeconfig", text).string();
  };
  GlobalFlags flags;
  flags.kubeconfig = kubeconfig_in("first");
  const auto kubectl = kubectl_as("", flags);
  const auto first = current_target(kubectl);
  const auto cached = current_target(kubectl);
  kubeconfig_in("second");
  const auto edited = current_target(kubectl);
  if (previous)
    ::setenv("XDG_CACHE_HOME", saved.c_str(), 1);
  else
    ::unsetenv("XDG_CACHE_HOME");

  EXPECT_EQ(first.namespace_, "first");
  EXPECT_EQ(cached.namespace_, "first");
  EXPECT_EQ(cached.server, "https://127.0.0.1:1");
  EXPECT_EQ(edited.namespace_, "second");
}

TEST_F(KubeCluster, ProxyReadsWhatTheUserMayRead) {
  ApiProxy api(kubectl_as("viewer"));
  const auto namespaces = api.get("/api/v1/namespaces");
  EXPECT_EQ(namespaces.status, 200) << namespaces.body;
  EXPECT_NE(namespaces.body.find("\"kube-system\""), std::string::npos);
}

TEST_F(KubeCluster, ProxyPassesTheServersRefusalOnAsAResponse) {
  ApiProxy api(kubectl_as("viewer"));
  const auto secrets = api.get("/api/v1/namespaces/team-a/secrets");
  EXPECT_EQ(secrets.status, 403);
  EXPECT_NE(secrets.reason().find("forbidden"), std::string::npos) << secrets.reason();
  EXPECT_NE(secrets.reason().find("viewer"), std::string::npos) << secrets.reason();
  EXPECT_EQ(api.get("/api/v1/namespaces/team-a/configmaps/no-such-object").status, 404);
}

TEST_F(KubeCluster, ReadOnlyProxyRefusesEveryWriteAndReadWriteProxyAppliesOne) {
  const std::string path = "/api/v1/namespaces/team-a/configmaps/" + unique_name("proxy-write");
  const manifest::Value config_map = {
      {"apiVersion", "v1"},
      {"kind", "ConfigMap"},
      {"metadata", {{"name", path.substr(path.rfind('/') + 1)}, {"namespace", "team-a"}}}};
  ApiProxy read_only(kubectl_as("admin"));
  for (const auto& request :
       {apply_request(path, config_map, {"test", false}), delete_request(path),
        create_request("/api/v1/namespaces/team-a/configmaps", config_map),
        replace_request(path, config_map)}) {
    EXPECT_EQ(read_only.send(request).status, 403) << request.method;
  }
  EXPECT_EQ(read_only.get(path).status, 404);

  ApiProxy read_write(kubectl_as("admin"), Access::read_write);
  EXPECT_EQ(read_write.send(apply_request(path, config_map, {"test", false})).status, 201);
  EXPECT_EQ(read_write.send(delete_request(path)).status, 200);
}

TEST_F(KubeCluster, AggregatedDiscoveryAgreesWithKubectlApiResources) {
  ApiProxy api(kubectl_as("admin"));
  const auto aggregated = read_aggregated_discovery(api);
  ASSERT_TRUE(aggregated);
  const auto listed = Discovery::load(kubectl_as("admin"));
  EXPECT_EQ(aggregated->all().size(), listed.all().size());
  for (const auto& type : listed.all()) {
    const auto* read = aggregated->find(type.group, type.kind);
    ASSERT_NE(read, nullptr) << type.group << "/" << type.kind;
    EXPECT_EQ(read->version, type.version) << type.kind;
    EXPECT_EQ(read->resource, type.resource) << type.kind;
    EXPECT_EQ(read->namespaced, type.namespaced) << type.kind;
  }
}

TEST_F(KubeCluster, ProxyAnswersManyPathsEachWithItsOwnResponse) {
  ApiProxy api(kubectl_as("admin"));
  const std::vector<std::string> names{"default", "kube-system", "kube-public", "team-a"};
  std::vector<std::string> paths;
  for (int round = 0; round < 10; ++round) {
    for (const auto& name : names)
      paths.push_back("/api/v1/namespaces/" + name);
  }
  const auto responses = api.get_all(paths, 3);
  ASSERT_EQ(responses.size(), paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const auto name = nlohmann::json::parse(responses[i].body)["metadata"]["name"];
    EXPECT_EQ(name, names[i % names.size()]) << paths[i];
  }
}

TEST_F(KubeCluster, ProxyForAnUnreachableServerGivesOneClearLine) {
  const gitops::testing::ScratchFolder folder{"kube-cluster-test"};
  GlobalFlags flags;
  flags.kubeconfig = folder.write("kubeconfig", kUnreachableKubeconfig).string();
  ApiProxy api(kubectl_as("", flags));
  const auto response = api.get("/api/v1/namespaces");
  EXPECT_NE(response.status, 200);
  std::string message;
  try {
    throw_response_failure(response, "cannot list namespaces");
  } catch (const Error& error) {
    message = error.what();
  }
  EXPECT_EQ(message.rfind("cannot list namespaces: cannot reach the cluster: ", 0), 0u) << message;
  EXPECT_NE(message.find("127.0.0.1:1"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST_F(KubeCluster, ProxyThatCannotStartGivesKubectlsReason) {
  GlobalFlags flags;
  flags.context = "no-such-context";
  ApiProxy api(kubectl_as("", flags));
  try {
    api.get("/api/v1/namespaces");
    ADD_FAILURE() << "expected an error";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind("cannot start 'kubectl proxy': ", 0), 0u) << message;
    EXPECT_NE(message.find("no-such-context"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace gitops::kube
