// The local cluster is alive (issue 12): its controller-manager, scheduler and simulated nodes run
// workloads, and image tags make Pods misbehave on purpose (README, "The local cluster"). These
// tests check what the plugins' own tests rely on: rollouts finish, Jobs complete or fail,
// CrashLoopBackOff looks as in a real cluster, namespaces finish deleting, garbage collection
// works, and --latency slows every request down.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "fixture.hpp"

namespace gitops::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The Pods of a workload made by `kubectl create deployment|job NAME`, as JSON.
nlohmann::json pods_of(const std::string& ns, const std::string& selector) {
  auto result = kubectl("get pods -n " + ns + " -l " + selector + " -o json");
  return nlohmann::json::parse(result.out.empty() ? "{\"items\":[]}" : result.out);
}

// Polls until `done` holds for the workload's Pods or `timeout` passes; returns whether it held.
bool wait_for_pods(const std::string& ns, const std::string& selector,
                   const std::function<bool(const nlohmann::json& pods)>& done,
                   std::chrono::seconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (done(pods_of(ns, selector).at("items"))) {
      return true;
    }
    std::this_thread::sleep_for(250ms);
  }
  return false;
}

// A string field of a Pod by JSON pointer, "" when absent (const operator[] must not miss a key).
std::string field(const nlohmann::json& pod, const std::string& pointer) {
  return pod.value(nlohmann::json::json_pointer(pointer), std::string());
}

int number(const nlohmann::json& pod, const std::string& pointer) {
  return pod.value(nlohmann::json::json_pointer(pointer), -1);
}

bool is_ready(const nlohmann::json& pod) {
  for (const auto& condition :
       pod.value(nlohmann::json::json_pointer("/status/conditions"), nlohmann::json::array())) {
    if (condition.value("type", "") == "Ready") {
      return condition.value("status", "") == "True";
    }
  }
  return false;
}

std::string job(const std::string& ns, const std::string& name, const std::string& image) {
  return "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
         "\nspec:\n  backoffLimit: 0\n  template:\n    spec:\n      restartPolicy: Never\n"
         "      containers:\n      - name: main\n        image: " +
         image + "\n";
}

class LivingCluster : public ClusterTest {
 protected:
  LivingCluster() : ClusterTest("living") {}

  void create_deployment(const std::string& name, const std::string& image, int replicas = 1) {
    kubectl("create deployment " + name + " -n " + ns_ + " --image=" + image +
            " --replicas=" + std::to_string(replicas));
  }
};

TEST_F(LivingCluster, DeploymentBecomesAvailableOnTheSimulatedNodes) {
  create_deployment("web", "nginx:1.27", 3);
  auto waited =
      kubectl("wait deployment/web -n " + ns_ + " --for=condition=Available --timeout=30s");
  ASSERT_EQ(waited.exit_code, 0) << waited.err;

  auto ready = kubectl("get deployment web -n " + ns_ + " -o jsonpath={.status.readyReplicas}");
  EXPECT_EQ(ready.out, "3");
  auto replica_sets = kubectl("get replicasets -n " + ns_ + " -l app=web -o name");
  EXPECT_EQ(std::count(replica_sets.out.begin(), replica_sets.out.end(), '\n'), 1)
      << replica_sets.out;
  const auto pods = pods_of(ns_, "app=web").at("items");
  ASSERT_EQ(pods.size(), 3u);
  for (const auto& pod : pods) {
    EXPECT_EQ(field(pod, "/status/phase"), "Running");
    EXPECT_TRUE(is_ready(pod));
    EXPECT_EQ(field(pod, "/spec/nodeName").rfind("node-", 0), 0u) << pod.dump();
    EXPECT_FALSE(field(pod, "/status/podIP").empty());
    EXPECT_FALSE(field(pod, "/status/hostIP").empty());
  }
}

TEST_F(LivingCluster, JobWithANormalImageCompletes) {
  kubectl("apply -n " + ns_, job(ns_, "once", "busybox:1.36"));
  auto waited = kubectl("wait job/once -n " + ns_ + " --for=condition=Complete --timeout=30s");
  ASSERT_EQ(waited.exit_code, 0) << waited.err;
  const auto pods = pods_of(ns_, "job-name=once").at("items");
  ASSERT_EQ(pods.size(), 1u);
  EXPECT_EQ(field(pods[0], "/status/phase"), "Succeeded");
  EXPECT_EQ(number(pods[0], "/status/containerStatuses/0/state/terminated/exitCode"), 0);
}

TEST_F(LivingCluster, FailTagFailsTheJobsPodWithExitCodeOne) {
  kubectl("apply -n " + ns_, job(ns_, "broken", "app:fail"));
  auto waited = kubectl("wait job/broken -n " + ns_ + " --for=condition=Failed --timeout=30s");
  ASSERT_EQ(waited.exit_code, 0) << waited.err;
  const auto pods = pods_of(ns_, "job-name=broken").at("items");
  ASSERT_EQ(pods.size(), 1u);
  EXPECT_EQ(field(pods[0], "/status/phase"), "Failed");
  EXPECT_EQ(number(pods[0], "/status/containerStatuses/0/state/terminated/exitCode"), 1)
      << pods[0].dump();
  EXPECT_EQ(field(pods[0], "/status/containerStatuses/0/state/terminated/reason"), "Error");
}

TEST_F(LivingCluster, CrashloopTagGivesCrashLoopBackOffWithRestarts) {
  create_deployment("crasher", "registry.example:5000/app:crashloop");
  // The first crash comes about 1.5 s after the start, the second after the 10 s back-off.
  ASSERT_TRUE(wait_for_pods(
      ns_, "app=crasher",
      [](const nlohmann::json& pods) {
        return pods.size() == 1 &&
               field(pods[0], "/status/containerStatuses/0/state/waiting/reason") ==
                   "CrashLoopBackOff" &&
               number(pods[0], "/status/containerStatuses/0/restartCount") >= 2;
      },
      30s))
      << pods_of(ns_, "app=crasher").dump(2);
  const auto pod = pods_of(ns_, "app=crasher").at("items").at(0);
  EXPECT_EQ(number(pod, "/status/containerStatuses/0/lastState/terminated/exitCode"), 1)
      << pod.dump();
  EXPECT_FALSE(pod.value(nlohmann::json::json_pointer("/status/containerStatuses/0/ready"), true));
  EXPECT_FALSE(is_ready(pod));
  EXPECT_EQ(field(pod, "/status/phase"), "Running");
  auto available =
      kubectl("get deployment crasher -n " + ns_ + " -o jsonpath={.status.availableReplicas}");
  EXPECT_EQ(available.out, "");
}

TEST_F(LivingCluster, SlowTagIsNotReadyAtFiveSecondsButReadyByFifteen) {
  const auto created = Clock::now();
  create_deployment("sloth", "app:slow");
  // Poll the whole time: the Pod must run early, stay unready past 5 s, and be Ready by 15 s.
  bool ran = false;
  double ready_after = -1;
  while (seconds_since(created) < 16) {
    const auto pods = pods_of(ns_, "app=sloth").at("items");
    if (pods.size() == 1) {
      ran = ran || field(pods[0], "/status/phase") == "Running";
      if (is_ready(pods[0])) {
        ready_after = seconds_since(created);
        break;
      }
    }
    std::this_thread::sleep_for(250ms);
  }
  EXPECT_TRUE(ran);
  EXPECT_GE(ready_after, 5.0) << "Ready too early (or never: -1)";
  EXPECT_LE(ready_after, 15.0);
}

TEST_F(LivingCluster, DeletingANamespaceWithWorkloadsFinishes) {
  const auto doomed = unique_name("living-doomed");
  kubectl("create namespace " + doomed);
  kubectl("create deployment web -n " + doomed + " --image=nginx --replicas=2");
  kubectl("create job once -n " + doomed + " --image=busybox");
  auto available =
      kubectl("wait deployment/web -n " + doomed + " --for=condition=Available --timeout=30s");
  ASSERT_EQ(available.exit_code, 0) << available.err;

  kubectl("delete namespace " + doomed + " --wait=false");
  // The namespace controller waits 5 s before it starts, and once more after emptying it.
  auto gone = kubectl("wait namespace/" + doomed + " --for=delete --timeout=60s", "", false);
  EXPECT_EQ(gone.exit_code, 0) << gone.err;
  auto lookup = kubectl("get namespace " + doomed, "", false);
  EXPECT_NE(lookup.exit_code, 0);
  EXPECT_NE(lookup.err.find("NotFound"), std::string::npos) << lookup.err;
}

TEST_F(LivingCluster, DeletingADeploymentCollectsItsReplicaSetsAndPods) {
  create_deployment("web", "nginx", 2);
  auto available =
      kubectl("wait deployment/web -n " + ns_ + " --for=condition=Available --timeout=30s");
  ASSERT_EQ(available.exit_code, 0) << available.err;
  // A second ReplicaSet, from a rollout, must go too.
  kubectl("set image deployment/web -n " + ns_ + " nginx=nginx:1.27");
  auto rolled = kubectl("rollout status deployment/web -n " + ns_ + " --timeout=30s");
  ASSERT_EQ(rolled.exit_code, 0) << rolled.err;
  auto replica_sets = kubectl("get replicasets -n " + ns_ + " -o name");
  ASSERT_EQ(std::count(replica_sets.out.begin(), replica_sets.out.end(), '\n'), 2)
      << replica_sets.out;

  kubectl("delete deployment web -n " + ns_ + " --wait=false");
  const auto deadline = Clock::now() + 30s;
  std::string left;
  while (Clock::now() < deadline) {
    left = kubectl("get replicasets,pods -n " + ns_ + " -o name").out;
    if (left.empty()) {
      break;
    }
    std::this_thread::sleep_for(250ms);
  }
  EXPECT_EQ(left, "");
}

// A cluster of its own, started with --lean --latency by the script, stopped at the end.
class LeanClusterWithLatency : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / unique_name("living-latency-cluster");
    auto up = shell(script() + " up --lean --latency 300ms --dir " + shell_quote(dir_.string()));
    ASSERT_EQ(up.exit_code, 0) << up.err;
  }
  void TearDown() override { shell(script() + " down --dir " + shell_quote(dir_.string())); }

  static std::string script() {
    return shell_quote(std::string(GITOPS_SOURCE_DIR) + "/scripts/local-cluster.sh");
  }

  // The best of three wall times of one kubectl request through `kubeconfig` (the least disturbed
  // by the machine's other work), or -1 when one fails.
  static double best_readyz_seconds(const fs::path& kubeconfig) {
    double best = -1;
    for (int run = 0; run < 3; ++run) {
      const auto start = Clock::now();
      auto result =
          shell("kubectl --kubeconfig " + shell_quote(kubeconfig.string()) + " get --raw /readyz");
      if (result.exit_code != 0 || result.out != "ok") {
        return -1;
      }
      const double took = seconds_since(start);
      best = best < 0 ? took : std::min(best, took);
    }
    return best;
  }

  fs::path dir_;
};

// One cluster for both checks: under ctest every test is a process of its own, and each start costs
// seconds.
TEST_F(LeanClusterWithLatency, RunsNoControllersAndDelaysEveryRequest) {
  const auto kubeconfig = shell_quote((dir_ / "kubeconfig").string());
  auto nodes = shell("kubectl --kubeconfig " + kubeconfig + " get nodes -o name");
  EXPECT_EQ(nodes.exit_code, 0) << nodes.err;
  EXPECT_EQ(nodes.out, "");
  auto accounts =
      shell("kubectl --kubeconfig " + kubeconfig + " get serviceaccounts -n default -o name");
  EXPECT_EQ(accounts.exit_code, 0) << accounts.err;
  EXPECT_EQ(accounts.out, "") << "no controller-manager should make default service accounts";

  // The kubeconfig the script prints goes through the latency proxy; the control plane's own
  // kubeconfig reaches the same API server directly.
  const double proxied = best_readyz_seconds(dir_ / "kubeconfig");
  const double direct = best_readyz_seconds(dir_ / "controlplane.kubeconfig");
  ASSERT_GT(proxied, 0);
  ASSERT_GT(direct, 0);
  EXPECT_GE(proxied - direct, 0.3) << "proxied " << proxied << " s, direct " << direct << " s";
}

}  // namespace
}  // namespace gitops::testing
