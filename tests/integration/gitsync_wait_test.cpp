// gitsync --wait on the living local cluster: workloads really roll out, crash-loop, fail and run
// slowly, as their image tags tell the simulated nodes to (README.md, "The local cluster").

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fixture.hpp"

namespace gitops::testing {
namespace {

std::string deployment(const std::string& ns, const std::string& name, const std::string& image) {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name +
         "\n  namespace: " + ns +
         "\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: " + name +
         "}\n  template:\n    metadata:\n      labels: {app: " + name +
         "}\n    spec:\n      containers:\n      - name: " + name + "\n        image: " + image +
         "\n";
}

std::string daemon_set(const std::string& ns, const std::string& name, const std::string& image) {
  return "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: " + name +
         "\n  namespace: " + ns + "\nspec:\n  selector:\n    matchLabels: {app: " + name +
         "}\n  template:\n    metadata:\n      labels: {app: " + name +
         "}\n    spec:\n      containers:\n      - name: " + name + "\n        image: " + image +
         "\n";
}

std::string job(const std::string& ns, const std::string& name, const std::string& image) {
  return "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
         "\nspec:\n  backoffLimit: 0\n  template:\n    spec:\n      restartPolicy: Never\n"
         "      containers:\n      - name: test\n        image: " +
         image + "\n";
}

class GitSyncWait : public ClusterTest {
 protected:
  GitSyncWait() : ClusterTest("gw") {}

  RunResult gitsync(std::vector<std::string> args) {
    args.insert(args.end(), {"--app", app_, "--record-namespace", records_});
    return run_plugin("gitsync", args, repo_.path());
  }

  nlohmann::json last_sync() {
    const auto record = nlohmann::json::parse(
        kubectl("get configmap gitsync-" + app_ + " -n " + records_ + " -o json").out);
    return nlohmann::json::parse(record["data"]["history.json"].get<std::string>()).at(0);
  }

  void commit(const std::string& file, const std::string& content) {
    repo_.write("app/" + file, content);
    repo_.commit(file);
  }

  std::string app_ = unique_name("app");
};

TEST_F(GitSyncWait, RolloutThatBecomesAvailableSucceedsAndIsRecordedHealthy) {
  commit("web.yaml", deployment(ns_, "web", "example.com/web:1.0"));
  const auto result = gitsync({"app", "--wait", "--timeout", "60s"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("; all healthy"), std::string::npos) << result.out;
  EXPECT_EQ(last_sync()["result"], "succeeded");
  EXPECT_EQ(
      kubectl("get deployment web -n " + ns_ + " -o jsonpath={.status.availableReplicas}").out,
      "1");
}

TEST_F(GitSyncWait, CrashLoopingRolloutFailsAtOnceNamingPodContainerAndExitCode) {
  commit("web.yaml", deployment(ns_, "web", "example.com/web:crashloop"));
  const auto started = std::chrono::steady_clock::now();
  const auto result = gitsync({"app", "--wait", "--timeout", "2m"});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(60))
      << "a crash loop must not wait out the timeout";
  const std::string cause = "unhealthy: Deployment " + ns_ + "/web: pod web-";
  EXPECT_NE(result.err.find("kubectl-gitsync: error: " + cause), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(" container web CrashLoopBackOff (exit 1)"), std::string::npos)
      << result.err;
  const auto entry = last_sync();
  EXPECT_EQ(entry["result"], "unhealthy");
  EXPECT_NE(entry["message"].get<std::string>().find("CrashLoopBackOff (exit 1)"),
            std::string::npos)
      << entry.dump();

  const auto status = gitsync({"--status"});
  EXPECT_NE(status.out.find("last sync: unhealthy at "), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("\nhealth:    failed: 1 failed, 0 not ready of 1 object\n"),
            std::string::npos)
      << status.out;
  const auto json = nlohmann::json::parse(gitsync({"--status", "-o", "json"}).out);
  EXPECT_EQ(json["health"]["state"], "failed");
  ASSERT_EQ(json["health"]["worst"].size(), 1U);
  EXPECT_EQ(json["health"]["worst"][0]["name"], "web");
}

TEST_F(GitSyncWait, TimeoutNamesWhatItStillWaitedFor) {
  commit("web.yaml", deployment(ns_, "web", "example.com/web:slow"));
  const auto result = gitsync({"app", "--wait", "--timeout", "2s"});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("not healthy within 2s: Deployment " + ns_ + "/web: "),
            std::string::npos)
      << result.err;
  EXPECT_EQ(last_sync()["result"], "unhealthy");
}

TEST_F(GitSyncWait, JobThatCompletesIsHealthyAndOneThatFailsIsNot) {
  commit("smoke.yaml", job(ns_, "smoke", "example.com/smoke:1.0"));
  const auto passed = gitsync({"app", "--wait", "--timeout", "60s"});
  EXPECT_EQ(passed.exit_code, 0) << passed.out << passed.err;

  commit("broken.yaml", job(ns_, "broken", "example.com/smoke:fail"));
  const auto failed = gitsync({"app", "--wait", "--timeout", "60s", "-o", "json"});
  EXPECT_EQ(failed.exit_code, 2) << failed.out << failed.err;
  EXPECT_NE(failed.err.find("Job " + ns_ + "/broken: "), std::string::npos) << failed.err;
  const auto json = nlohmann::json::parse(failed.out);
  EXPECT_EQ(json["result"], "unhealthy");
  EXPECT_FALSE(json["health"]["healthy"].get<bool>());
  ASSERT_EQ(json["health"]["unhealthy"].size(), 1U) << json.dump(2);
  EXPECT_EQ(json["health"]["unhealthy"][0]["name"], "broken");
  EXPECT_EQ(json["health"]["unhealthy"][0]["health"], "failed");
}

TEST_F(GitSyncWait, WaveThatDoesNotBecomeHealthyHoldsTheLaterWavesBack) {
  const std::string later =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after\n"
      "  namespace: " +
      ns_ + "\n  annotations: {gitops.kubectl.dev/sync-wave: \"1\"}\n";
  commit("after.yaml", later);
  commit("web.yaml", deployment(ns_, "web", "example.com/web:crashloop"));
  const auto failed = gitsync({"app", "--wait", "--timeout", "2m"});
  EXPECT_EQ(failed.exit_code, 2) << failed.out << failed.err;
  EXPECT_NE(kubectl("get configmap after -n " + ns_, "", false).exit_code, 0)
      << "wave 1 was applied although wave 0 never became healthy";

  commit("web.yaml", deployment(ns_, "web", "example.com/web:1.1"));
  const auto healed = gitsync({"app", "--wait", "--timeout", "2m"});
  EXPECT_EQ(healed.exit_code, 0) << healed.out << healed.err;
  EXPECT_EQ(kubectl("get configmap after -n " + ns_, "", false).exit_code, 0);
}

TEST_F(GitSyncWait, UnhealthyRevisionIsRolledBackToTheLastHealthyOneAndRecordedAsARollback) {
  commit("web.yaml", deployment(ns_, "web", "example.com/web:1.0"));
  const auto healthy = repo_.git("rev-parse --short=7 HEAD").out;
  ASSERT_EQ(gitsync({"app", "--wait", "--timeout", "60s"}).exit_code, 0);
  commit("web.yaml", deployment(ns_, "web", "example.com/web:crashloop"));
  const auto broken = repo_.git("rev-parse --short=7 HEAD").out;

  const auto result = gitsync({"app", "--wait", "--timeout", "2m", "--rollback-on-failure"});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("rolling back app " + app_ + " to " + healthy.substr(0, 7)),
            std::string::npos)
      << result.err;
  EXPECT_EQ(kubectl("get deployment web -n " + ns_ +
                    " -o jsonpath={.spec.template.spec.containers[0].image}")
                .out,
            "example.com/web:1.0");
  const auto rollback = last_sync();
  EXPECT_EQ(rollback["kind"], "rollback");
  EXPECT_EQ(rollback["result"], "succeeded");
  EXPECT_TRUE(rollback["message"].get<std::string>().starts_with(
      "rolled back from " + broken.substr(0, 7) + ": unhealthy: Deployment " + ns_ + "/web: "))
      << rollback.dump();

  EXPECT_NE(gitsync({"--status"}).out.find("last sync: rolled back at "), std::string::npos);
  const auto list = run_plugin(
      "gitrevert", {"--list", "--app", app_, "--record-namespace", records_}, repo_.path());
  EXPECT_NE(list.out.find("succeeded (rollback)"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("unhealthy"), std::string::npos) << list.out;
}

TEST_F(GitSyncWait, StatefulSetAndDaemonSetRollOutOnTheSimulatedNodes) {
  commit("db.yaml",
         "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: " + ns_ +
             "\nspec:\n  serviceName: db\n  replicas: 2\n  selector:\n    matchLabels: "
             "{app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n"
             "      containers:\n      - name: db\n        image: example.com/db:1.0\n");
  commit("agent.yaml", daemon_set(ns_, "agent", "example.com/agent:1.0"));
  const auto result = gitsync({"app", "--wait", "--timeout", "90s"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(kubectl("get statefulset db -n " + ns_ + " -o jsonpath={.status.readyReplicas}").out,
            "2");
  EXPECT_EQ(kubectl("get daemonset agent -n " + ns_ + " -o jsonpath={.status.numberAvailable}").out,
            "2")
      << "one pod on each of the two simulated nodes";

  commit("agent.yaml", daemon_set(ns_, "agent", "example.com/agent:crashloop"));
  const auto broken = gitsync({"app", "--wait", "--timeout", "2m"});
  EXPECT_EQ(broken.exit_code, 2) << broken.out << broken.err;
  EXPECT_NE(broken.err.find("unhealthy: DaemonSet " + ns_ + "/agent: pod agent-"),
            std::string::npos)
      << broken.err;
  EXPECT_NE(broken.err.find("container agent CrashLoopBackOff (exit 1)"), std::string::npos)
      << broken.err;
}

TEST_F(GitSyncWait, ClaimIsHealthyOnceBoundAndNamedWhileNothingBindsIt) {
  const auto volume = unique_name("pv");
  const std::string claim =
      "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n"
      "  namespace: " +
      ns_ +
      "\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: manual\n"
      "  volumeName: " +
      volume + "\n  resources:\n    requests: {storage: 1Gi}\n";
  commit("claim.yaml", claim);
  const auto unbound = gitsync({"app", "--wait", "--timeout", "3s"});
  EXPECT_EQ(unbound.exit_code, 2) << unbound.out << unbound.err;
  EXPECT_NE(unbound.err.find("not healthy within 3s: PersistentVolumeClaim " + ns_ +
                             "/data: not bound (Pending)"),
            std::string::npos)
      << unbound.err;

  commit("volume.yaml", "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: " + volume +
                            "\nspec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n"
                            "  storageClassName: manual\n  hostPath: {path: /tmp/" +
                            volume + "}\n");
  const auto bound = gitsync({"app", "--wait", "--timeout", "90s"});
  EXPECT_EQ(bound.exit_code, 0) << bound.out << bound.err;
  EXPECT_EQ(kubectl("get pvc data -n " + ns_ + " -o jsonpath={.status.phase}").out, "Bound");
  kubectl("delete pv " + volume + " --wait=false", "", false);
}

TEST_F(GitSyncWait, RollbackWithoutAnEarlierHealthyRevisionSaysSo) {
  commit("web.yaml", deployment(ns_, "web", "example.com/web:crashloop"));
  const auto result = gitsync({"app", "--wait", "--timeout", "2m", "--rollback-on-failure"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("kubectl-gitsync: error: no rollback: app " + app_ +
                            " has no earlier healthy revision"),
            std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace gitops::testing
