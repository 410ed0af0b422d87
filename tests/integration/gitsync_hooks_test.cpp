// gitsync's hooks on the living local cluster: Jobs and Pods that run before, during and after a
// sync, or when it fails, in our own vocabulary, Argo CD's and Helm's (README.md, "Hooks").

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fixture.hpp"

namespace gitops::testing {
namespace {

std::string config_map(const std::string& ns, const std::string& name) {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
         "\ndata: {key: value}\n";
}

// A hook Job: `naming` is "name: x" or "generateName: x-"; `annotations` YAML lines indented 4.
std::string hook_job(const std::string& ns, const std::string& naming, const std::string& image,
                     const std::string& annotations) {
  return "apiVersion: batch/v1\nkind: Job\nmetadata:\n  " + naming + "\n  namespace: " + ns +
         "\n  annotations:\n" + annotations +
         "spec:\n  backoffLimit: 0\n  template:\n    spec:\n      restartPolicy: Never\n"
         "      containers:\n      - name: run\n        image: " +
         image + "\n";
}

class GitSyncHooks : public ClusterTest {
 protected:
  GitSyncHooks() : ClusterTest("gh") {}

  RunResult gitsync(std::vector<std::string> args) {
    args.insert(args.end(), {"--app", app_, "--record-namespace", records_, "--timeout", "60s"});
    return run_plugin("gitsync", args, repo_.path());
  }

  nlohmann::json record() {
    return nlohmann::json::parse(
        kubectl("get configmap gitsync-" + app_ + " -n " + records_ + " -o json").out);
  }
  nlohmann::json history() {
    return nlohmann::json::parse(record()["data"]["history.json"].get<std::string>());
  }

  void commit(const std::string& file, const std::string& content) {
    repo_.write("app/" + file, content);
    repo_.commit(file);
  }

  // The Jobs in the test's namespace, as JSON items.
  nlohmann::json jobs() {
    return nlohmann::json::parse(kubectl("get jobs -n " + ns_ + " -o json").out)["items"];
  }

  bool exists(const std::string& resource) {
    return kubectl("get " + resource + " -n " + ns_ + " --ignore-not-found -o name").out != "";
  }

  std::string app_ = unique_name("app");
};

TEST_F(GitSyncHooks, PreSyncRunsBeforeTheAppAndPostSyncAfterItInEveryVocabulary) {
  commit("settings.yaml", config_map(ns_, "settings"));
  commit("migrate.yaml", hook_job(ns_, "generateName: migrate-", "example.com/migrate:1.0",
                                  "    argocd.argoproj.io/hook: PreSync\n"));
  commit("smoke.yaml", hook_job(ns_, "name: smoke", "example.com/smoke:1.0",
                                "    helm.sh/hook: post-install,post-upgrade\n"));

  const auto result = gitsync({"app"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("pre-sync hook Job " + ns_ + "/migrate-"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("post-sync hook Job " + ns_ + "/smoke succeeded"), std::string::npos)
      << result.out;

  // The pre-sync Job had completed before the app's ConfigMap was created; the post-sync one
  // started after it.
  const auto settings = nlohmann::json::parse(
      kubectl("get configmap settings -n " + ns_ + " -o json").out)["metadata"];
  std::string migrate_done, smoke_started;
  for (const auto& job : jobs()) {
    const std::string name = job["metadata"]["name"];
    EXPECT_EQ(job["metadata"]["labels"]["gitops.kubectl.dev/hook-of"], app_);
    if (name.starts_with("migrate-"))
      migrate_done = job["status"]["completionTime"];
    if (name == "smoke")
      smoke_started = job["metadata"]["creationTimestamp"];
  }
  ASSERT_FALSE(migrate_done.empty()) << jobs().dump(2);
  ASSERT_FALSE(smoke_started.empty()) << jobs().dump(2);
  EXPECT_LE(migrate_done, settings["creationTimestamp"].get<std::string>());
  EXPECT_GE(smoke_started, settings["creationTimestamp"].get<std::string>());

  // Hooks are not members of the app, and gitdiff lists them apart from the differences.
  const auto objects = record()["data"]["objects.json"].get<std::string>();
  EXPECT_EQ(objects.find("Job"), std::string::npos) << objects;
  const auto diff = run_plugin("gitdiff", {"app"}, repo_.path());
  EXPECT_EQ(diff.exit_code, 0) << diff.out << diff.err;
  EXPECT_NE(diff.out.find("hook pre-sync batch/v1 Job " + ns_ + "/migrate- (name generated)"),
            std::string::npos)
      << diff.out;
  EXPECT_NE(diff.out.find("hook post-sync batch/v1 Job " + ns_ + "/smoke"), std::string::npos)
      << diff.out;
}

TEST_F(GitSyncHooks, FailedPreSyncHookStopsTheSyncBeforeAnyOtherWriteAndRunsSyncFailHooks) {
  commit("settings.yaml", config_map(ns_, "settings"));
  commit("migrate.yaml", hook_job(ns_, "name: migrate", "example.com/migrate:fail",
                                  "    gitops.kubectl.dev/hook: pre-sync\n"));
  commit("alert.yaml", hook_job(ns_, "name: alert", "example.com/alert:1.0",
                                "    argocd.argoproj.io/hook: SyncFail\n"));

  const auto result = gitsync({"app", "--rollback-on-failure", "-o", "json"});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(
      result.err.find("kubectl-gitsync: error: pre-sync hook Job " + ns_ + "/migrate failed: "),
      std::string::npos)
      << result.err;
  EXPECT_FALSE(exists("configmap/settings")) << "nothing of the app may be written";
  EXPECT_TRUE(exists("job/alert")) << "the sync-fail hook runs";
  const auto json = nlohmann::json::parse(result.out);
  ASSERT_EQ(json["hooks"].size(), 2U) << json.dump(2);
  EXPECT_EQ(json["hooks"][0]["phase"], "pre-sync");
  EXPECT_EQ(json["hooks"][0]["result"], "failed");
  EXPECT_EQ(json["hooks"][1]["phase"], "sync-fail");
  EXPECT_EQ(json["hooks"][1]["result"], "succeeded");
  const auto entry = history().at(0);
  EXPECT_EQ(entry["result"], "failed");
  EXPECT_NE(entry["message"].get<std::string>().find("pre-sync hook Job " + ns_ + "/migrate"),
            std::string::npos)
      << entry.dump();
}

TEST_F(GitSyncHooks, FailedPostSyncHookFailsTheSyncAndRollsBack) {
  commit("settings.yaml", config_map(ns_, "settings"));
  commit("smoke.yaml", hook_job(ns_, "name: smoke", "example.com/smoke:1.0",
                                "    gitops.kubectl.dev/hook: post-sync\n"));
  ASSERT_EQ(gitsync({"app"}).exit_code, 0);

  commit("next.yaml", config_map(ns_, "next"));
  commit("smoke.yaml", hook_job(ns_, "name: smoke", "example.com/smoke:fail",
                                "    gitops.kubectl.dev/hook: post-sync\n"));
  const auto result = gitsync({"app", "--rollback-on-failure"});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("post-sync hook Job " + ns_ + "/smoke failed: "), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("rolling back app " + app_), std::string::npos) << result.err;
  const auto entries = history();
  EXPECT_EQ(entries.at(0)["kind"], "rollback") << entries.dump(2);
  EXPECT_EQ(entries.at(0)["result"], "succeeded") << entries.dump(2);
  EXPECT_EQ(entries.at(1)["result"], "failed") << entries.dump(2);
  // The rollback's own post-sync hook (the earlier, passing one) ran again and passed.
  const auto smoke = nlohmann::json::parse(kubectl("get job smoke -n " + ns_ + " -o json").out);
  EXPECT_EQ(smoke["spec"]["template"]["spec"]["containers"][0]["image"], "example.com/smoke:1.0");
}

TEST_F(GitSyncHooks, DeletePoliciesDecideWhatStays) {
  commit("settings.yaml", config_map(ns_, "settings"));
  commit("gone.yaml", hook_job(ns_, "name: gone", "example.com/run:1.0",
                               "    gitops.kubectl.dev/hook: pre-sync\n"
                               "    gitops.kubectl.dev/hook-delete-policy: hook-succeeded\n"));
  commit("again.yaml", hook_job(ns_, "generateName: again-", "example.com/run:1.0",
                                "    helm.sh/hook: pre-upgrade\n"));
  commit("kept.yaml",
         hook_job(ns_, "name: kept", "example.com/run:1.0", "    argocd.argoproj.io/hook: Sync\n"));
  ASSERT_EQ(gitsync({"app"}).exit_code, 0);
  EXPECT_FALSE(exists("job/gone")) << "hook-succeeded deletes a hook that passed";
  const auto first_kept = kubectl("get job kept -n " + ns_ + " -o jsonpath={.metadata.uid}").out;

  commit("settings.yaml", config_map(ns_, "settings") + "---\n" + config_map(ns_, "more"));
  const auto second = gitsync({"app"});
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  // before-hook-creation, the default: the earlier run is deleted, whether named or generated.
  EXPECT_NE(kubectl("get job kept -n " + ns_ + " -o jsonpath={.metadata.uid}").out, first_kept);
  int generated = 0;
  for (const auto& job : jobs())
    generated += job["metadata"]["name"].get<std::string>().starts_with("again-");
  EXPECT_EQ(generated, 1) << jobs().dump(2);
}

TEST_F(GitSyncHooks, HookFailedPolicyDeletesAFailedHookAndAPodHookRunsToItsEnd) {
  commit("check.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: check\n  namespace: " + ns_ +
                           "\n  annotations:\n    gitops.kubectl.dev/hook: pre-sync\nspec:\n"
                           "  restartPolicy: Never\n  containers:\n  - name: check\n"
                           "    image: example.com/check:1.0\n");
  commit("broken.yaml", hook_job(ns_, "name: broken", "example.com/run:fail",
                                 "    gitops.kubectl.dev/hook: post-sync\n"
                                 "    gitops.kubectl.dev/hook-delete-policy: hook-failed\n"));
  commit("settings.yaml", config_map(ns_, "settings"));
  const auto result = gitsync({"app"});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.out.find("pre-sync hook Pod " + ns_ + "/check succeeded"), std::string::npos)
      << result.out;
  EXPECT_EQ(kubectl("get pod check -n " + ns_ + " -o jsonpath={.status.phase}").out, "Succeeded");
  EXPECT_NE(result.err.find("post-sync hook Job " + ns_ + "/broken failed: "), std::string::npos)
      << result.err;
  EXPECT_FALSE(exists("job/broken")) << "hook-failed deletes a hook that failed";
}

TEST_F(GitSyncHooks, HooksAreNeverPrunedAndOnlyHooksMayUseGenerateName) {
  commit("settings.yaml", config_map(ns_, "settings"));
  commit("seed.yaml", hook_job(ns_, "name: seed", "example.com/run:1.0",
                               "    gitops.kubectl.dev/hook: post-sync\n"));
  ASSERT_EQ(gitsync({"app"}).exit_code, 0);
  repo_.remove("app/seed.yaml");
  repo_.commit("no more seeding");
  const auto pruned = gitsync({"app", "--prune"});
  ASSERT_EQ(pruned.exit_code, 0) << pruned.out << pruned.err;
  EXPECT_TRUE(exists("job/seed")) << pruned.out;

  commit("loose.yaml",
         "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: loose-\n"
         "  namespace: " +
             ns_ + "\n");
  const auto refused = gitsync({"app"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err,
            "kubectl-gitsync: error: cannot parse 'app/loose.yaml' at line 1: metadata.name is "
            "required: an object named by metadata.generateName cannot be tracked declaratively "
            "(only hooks may use it)\n");
}

}  // namespace
}  // namespace gitops::testing
