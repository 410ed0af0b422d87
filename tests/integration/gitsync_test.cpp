// kubectl gitsync against the local cluster: each test syncs its own app into its own namespace,
// with its own record namespace so that tests never share records or locks.

#include <gtest/gtest.h>

#include <fstream>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "fixture.hpp"

namespace gitops::testing {
namespace {

std::string config_map(const std::string& ns, const std::string& name, const std::string& value,
                       const std::string& annotations = "") {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
         "\n" + annotations + "data:\n  key: \"" + value + "\"\n";
}

std::string deployment(const std::string& ns, int replicas) {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: " + ns +
         "\nspec:\n  replicas: " + std::to_string(replicas) +
         "\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n"
         "      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n"
         "        image: nginx:1.25\n";
}

std::string rfc3339(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.000000Z", &utc);
  return text;
}

class GitSync : public ClusterTest {
 protected:
  GitSync() : ClusterTest("gs") {}

  RunResult gitsync(std::vector<std::string> args, const std::string& env = "") {
    args.insert(args.end(), {"--app", app_, "--record-namespace", records_});
    return run_plugin("gitsync", args, repo_.path(), env);
  }

  nlohmann::json record() {
    auto result = kubectl("get configmap gitsync-" + app_ + " -n " + records_ + " -o json");
    return nlohmann::json::parse(result.out);
  }
  nlohmann::json history() {
    return nlohmann::json::parse(record()["data"]["history.json"].get<std::string>());
  }
  std::vector<std::string> recorded_names() {
    std::vector<std::string> names;
    for (const auto& object :
         nlohmann::json::parse(record()["data"]["objects.json"].get<std::string>())) {
      names.push_back(object["kind"].get<std::string>() + "/" + object["name"].get<std::string>());
    }
    std::sort(names.begin(), names.end());
    return names;
  }
  std::string resource_version(const std::string& object) {
    return kubectl("get " + object + " -n " + ns_ + " -o jsonpath={.metadata.resourceVersion}").out;
  }
  bool exists(const std::string& object) {
    return kubectl("get " + object + " -n " + ns_ + " -o name", "", false).exit_code == 0;
  }

  // The app's lock as a sync holds it: renewed `renewed_ago` before now (times are computed, so
  // that the tests stay true whatever the date).
  void create_lease(const std::string& holder, std::chrono::seconds renewed_ago,
                    const std::string& annotations = "") {
    kubectl("create namespace " + records_, "", false);
    const auto renewed = rfc3339(std::chrono::system_clock::now() - renewed_ago);
    kubectl("create",
            "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: gitsync-" + app_ +
                "\n  namespace: " + records_ + "\n" + annotations +
                "spec:\n  holderIdentity: " + holder + "\n  acquireTime: \"" + renewed +
                "\"\n  renewTime: \"" + renewed + "\"\n  leaseDurationSeconds: 60\n");
  }
  bool locked() {
    return kubectl("get lease gitsync-" + app_ + " -n " + records_, "", false).exit_code == 0;
  }
  bool recorded() {
    return kubectl("get configmap gitsync-" + app_ + " -n " + records_, "", false).exit_code == 0;
  }

  std::string app_ = unique_name("app");
};

// A process of this machine named as our plugins are (a copy of sleep called kubectl-gitsync):
// what a lock's holder looks like while its sync runs. Killed at the end.
class RunningHolder {
 public:
  RunningHolder() {
    const auto binary = folder_.path() / "kubectl-gitsync";
    std::filesystem::copy_file("/bin/sleep", binary);
    std::filesystem::permissions(binary, std::filesystem::perms::owner_exec,
                                 std::filesystem::perm_options::add);
    const std::string path = binary.string();
    char* argv[] = {const_cast<char*>(path.c_str()), const_cast<char*>("300"), nullptr};
    EXPECT_EQ(posix_spawn(&pid_, path.c_str(), nullptr, nullptr, argv, environ), 0);
  }
  ~RunningHolder() { stop(); }
  void stop() {
    if (pid_ <= 0)
      return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }
  pid_t pid() const { return pid_; }
  // The annotations gitsync writes on its Lease: this host, this pid.
  std::string annotations() const {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    return std::string("  annotations:\n    gitops.kubectl.dev/host: \"") + host +
           "\"\n    gitops.kubectl.dev/pid: \"" + std::to_string(pid_) + "\"\n";
  }

 private:
  TempRepo folder_;
  pid_t pid_ = 0;
};

TEST_F(GitSync, FirstSyncCreatesEverythingAndRecordsIt) {
  repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
  repo_.write("app/web.yaml", deployment(ns_, 2));
  auto sha = repo_.commit("first release");
  auto result = gitsync({"app"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("2 created"), std::string::npos) << result.out;
  EXPECT_TRUE(exists("configmap/a"));
  EXPECT_TRUE(exists("deployment/web"));
  EXPECT_EQ(recorded_names(), (std::vector<std::string>{"ConfigMap/a", "Deployment/web"}));
  auto entry = history()[0];
  EXPECT_EQ(entry["commit"], sha);
  EXPECT_EQ(entry["subject"], "first release");
  EXPECT_EQ(entry["author"], "Test Author <author@example.com>");
  EXPECT_EQ(entry["syncedBy"], "admin");
  EXPECT_EQ(entry["result"], "succeeded");
  EXPECT_EQ(entry["counts"]["created"], 2);
}

TEST_F(GitSync, WritesGoThroughOneProxyAsOnePatchPerObject) {
  repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
  repo_.write("app/b.yaml", config_map(ns_, "b", "1"));
  repo_.commit("v1");
  auto result = gitsync({"app", "-v"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* name : {"a", "b"}) {
    EXPECT_NE(result.err.find("PATCH /api/v1/namespaces/" + ns_ + "/configmaps/" + name +
                              "?fieldManager=gitsync\n"),
              std::string::npos)
        << result.err;
  }
  auto count = [&](const std::string& text) {
    std::size_t found = 0;
    for (auto at = result.err.find(text); at != std::string::npos;
         at = result.err.find(text, at + 1))
      ++found;
    return found;
  };
  EXPECT_EQ(count("kubectl-gitsync: kubectl proxy "), 1u) << result.err;
  for (const char* write : {"kubectl apply", "kubectl create", "kubectl patch", "kubectl delete"})
    EXPECT_EQ(count(std::string("kubectl-gitsync: ") + write), 0u) << result.err;
}

TEST_F(GitSync, UnchangedRevisionWritesNothingAndSaysSo) {
  repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
  repo_.write("app/web.yaml", deployment(ns_, 2));
  repo_.commit("v1");
  ASSERT_EQ(gitsync({"app"}).exit_code, 0);
  // The local cluster is alive: the deployment controller writes the Deployment's status until
  // the rollout is done, which would change its resourceVersion without any sync.
  ASSERT_EQ(kubectl("rollout status deployment/web -n " + ns_ + " --timeout=60s").exit_code, 0);
  auto before = resource_version("configmap/a") + resource_version("deployment/web");
  auto again = gitsync({"app"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("nothing to apply"), std::string::npos) << again.out;
  EXPECT_EQ(resource_version("configmap/a") + resource_version("deployment/web"), before);
}

TEST_F(GitSync, UpdateAppliesOnlyWhatChanged) {
  repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
  repo_.write("app/b.yaml", config_map(ns_, "b", "1"));
  repo_.commit("v1");
  ASSERT_EQ(gitsync({"app"}).exit_code, 0);
  auto untouched = resource_version("configmap/b");
  repo_.write("app/a.yaml", config_map(ns_, "a", "2"));
  repo_.commit("v2");
  auto result = gitsync({"app"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("1 updated"), std::string::npos) << result.out;
  EXPECT_EQ(kubectl("get configmap a -n " + ns_ + " -o jsonpath={.data.key}").out, "2");
  EXPECT_EQ(resource_version("configmap/b"), untouched);
}

TEST_F(GitSync, PruneOnlyWithTheFlagAndNeverAnOptedOutObject) {
  repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
  repo_.write("app/b.yaml", config_map(ns_, "b", "1"));
  repo_.write(
      "app/keep.yaml",
      config_map(ns_, "keep", "1", "  annotations:\n    gitops.kubectl.dev/prune: disabled\n"));
  repo_.commit("v1");
  ASSERT_EQ(gitsync({"app"}).exit_code, 0);
  repo_.remove("app/b.yaml");
  repo_.remove("app/keep.yaml");
  repo_.commit("v2: drop b and keep");

  auto without = gitsync({"app"});
  EXPECT_EQ(without.exit_code, 0) << without.err;
  EXPECT_NE(without.out.find("would prune 1 object (use --prune)"), std::string::npos)
      << without.out;
  EXPECT_TRUE(exists("configmap/b"));
  EXPECT_EQ(recorded_names(),
            (std::vector<std::string>{"ConfigMap/a", "ConfigMap/b", "ConfigMap/keep"}));

  auto with = gitsync({"app", "--prune"});
  EXPECT_EQ(with.exit_code, 0) << with.err;
  EXPECT_NE(with.out.find("prune v1 ConfigMap " + ns_ + "/b"), std::string::npos) << with.out;
  EXPECT_FALSE(exists("configmap/b"));
  EXPECT_TRUE(exists("configmap/keep"));
  EXPECT_EQ(recorded_names(), (std::vector<std::string>{"ConfigMap/a", "ConfigMap/keep"}));
}

TEST_F(GitSync, PruningANamespaceIsShownProminently) {
  auto extra = unique_name("gs-extra");
  repo_.write("app/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + extra + "\n");
  repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
  repo_.commit("v1");
  ASSERT_EQ(gitsync({"app"}).exit_code, 0);
  repo_.remove("app/ns.yaml");
  repo_.commit("v2");
  auto plan = gitsync({"app", "--prune", "--dry-run"});
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("prune v1 Namespace " + extra + "  !! deletes everything it holds"),
            std::string::npos)
      << plan.out;
  kubectl("delete namespace " + extra + " --wait=false", "", false);
}

TEST_F(GitSync, CrdAndItsCustomResourcesInOneRevision) {
  const auto group = unique_name("s") + ".example.com";
  repo_.write("app/crd.yaml",
              "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n"
              "  name: gadgets." +
                  group + "\nspec:\n  group: " + group +
                  "\n  scope: Namespaced\n"
                  "  names:\n    kind: Gadget\n    plural: gadgets\n    singular: gadget\n"
                  "  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n"
                  "      openAPIV3Schema:\n        type: object\n"
                  "        x-kubernetes-preserve-unknown-fields: true\n");
  repo_.write("app/gadget.yaml", "apiVersion: " + group +
                                     "/v1\nkind: Gadget\nmetadata:\n"
                                     "  name: g1\n  namespace: " +
                                     ns_ + "\nspec:\n  size: 3\n");
  repo_.commit("crd and gadget");
  auto result = gitsync({"app"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(kubectl("get gadgets." + group + " g1 -n " + ns_ + " -o jsonpath={.spec.size}").out,
            "3");
  // The discovery cached before the CRD existed must not hide the custom resource now.
  auto again = gitsync({"app"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("nothing to apply (2 unchanged)"), std::string::npos) << again.out;
  kubectl("delete crd gadgets." + group + " --wait=false", "", false);
}

TEST_F(GitSync, DryRunWritesNothing) {
  repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
  repo_.commit("v1");
  auto result = gitsync({"app", "--dry-run", "-o", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto plan = nlohmann::json::parse(result.out);
  EXPECT_EQ(plan["result"], "planned");
  EXPECT_EQ(plan["summary"]["create"], 1);
  EXPECT_FALSE(exists("configmap/a"));
  EXPECT_NE(kubectl("get configmap gitsync-" + app_ + " -n " + records_, "", false).exit_code, 0);
}

TEST_F(GitSync, ConcurrentSyncIsRefusedNamingTheHolder) {
  repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
  repo_.commit("v1");
  create_lease("alice (pid 1)", std::chrono::seconds(5));
  auto refused = gitsync({"app"});
  EXPECT_GE(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("is being synced by 'alice (pid 1)' since "), std::string::npos)
      << refused.err;
  EXPECT_FALSE(exists("configmap/a"));

  auto broken = gitsync({"--break-lock"});
  EXPECT_EQ(broken.exit_code, 0) << broken.err;
  EXPECT_NE(broken.out.find("removed the lock of app " + app_ + ", held by 'alice (pid 1)'"),
            std::string::npos)
      << broken.out;
  EXPECT_EQ(gitsync({"app"}).exit_code, 0);
  EXPECT_TRUE(exists("configmap/a"));
}

TEST_F(GitSync, ALockWhoseHolderStoppedRenewingExpires) {
  repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
  repo_.commit("v1");
  create_lease("bob (pid 1)", std::chrono::hours(1));
  auto result = gitsync({"app"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(exists("configmap/a"));
}

TEST_F(GitSync, BreakLockDryRunNamesTheHolderAndChangesNothing) {
  create_lease("alice (pid 1)", std::chrono::seconds(5));
  auto result = gitsync({"--break-lock", "--dry-run"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("would remove the lock of app " + app_ + ", held by 'alice (pid 1)'"),
            std::string::npos)
      << result.out;
  EXPECT_TRUE(locked());
}

TEST_F(GitSync, BreakLockIsRefusedWhileTheHolderRunsOnThisMachine) {
  RunningHolder holder;
  create_lease("carol (pid " + std::to_string(holder.pid()) + ")", std::chrono::seconds(5),
               holder.annotations());
  for (const auto& args : {std::vector<std::string>{"--break-lock"},
                           std::vector<std::string>{"--break-lock", "--dry-run"}}) {
    auto refused = gitsync(args);
    EXPECT_GE(refused.exit_code, 2);
    EXPECT_NE(
        refused.err.find("refusing to break the lock of app '" + app_ +
                         "': it is held by 'carol (pid " + std::to_string(holder.pid()) + ")'"),
        std::string::npos)
        << refused.err;
    EXPECT_TRUE(locked());
  }
  holder.stop();  // the sync died: now its lock may go
  auto broken = gitsync({"--break-lock"});
  EXPECT_EQ(broken.exit_code, 0) << broken.err;
  EXPECT_FALSE(locked());
}

TEST_F(GitSync, FlagsTheModeIgnoresAreRefusedAndChangeNothing) {
  create_lease("alice (pid 1)", std::chrono::seconds(5));
  struct Case {
    std::vector<std::string> args;
    std::string error;
  };
  for (const auto& [args, error] : std::vector<Case>{
           {{"--status", "--break-lock"}, "--break-lock does not apply to --status"},
           {{"--status", "--prune"}, "--prune does not apply to --status"},
           {{"--break-lock", "--prune"}, "--prune does not apply to --break-lock"},
       }) {
    auto result = gitsync(args);
    EXPECT_GE(result.exit_code, 2);
    EXPECT_EQ(result.err, "kubectl-gitsync: error: " + error + "\n");
    EXPECT_TRUE(locked());
  }
}

TEST_F(GitSync, EmptyAppIsAnErrorNotTheDerivedName) {
  repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
  repo_.commit("v1");
  auto result =
      run_plugin("gitsync", {"app", "--app", "", "--record-namespace", records_}, repo_.path());
  EXPECT_GE(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "kubectl-gitsync: error: --app was given an empty value (an unset variable?); give a "
            "value or leave the flag out\n");
  EXPECT_FALSE(exists("configmap/a"));
  EXPECT_NE(kubectl("get namespace " + records_, "", false).exit_code, 0);
}

TEST_F(GitSync, PathThatRendersNothingIsAnErrorAndPrunesNothing) {
  repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
  repo_.write("docs/README.md", "# docs\n");
  repo_.commit("v1");
  ASSERT_EQ(gitsync({"app"}).exit_code, 0);
  struct Case {
    std::vector<std::string> args;
    std::string error;
  };
  for (const auto& [args, error] : std::vector<Case>{
           {{"docs", "--prune", "--dry-run"}, "is synced from 'app', not 'docs'"},
           {{"docs", "--prune", "--change-paths"},
            "cannot render 'docs': it holds 1 file (README.md)"},
       }) {
    auto result = gitsync(args);
    EXPECT_GE(result.exit_code, 2);
    EXPECT_NE(result.err.find(error), std::string::npos) << result.err;
    EXPECT_EQ(result.out, "");
  }
  EXPECT_TRUE(exists("configmap/a"));
  EXPECT_EQ(recorded_names(), (std::vector<std::string>{"ConfigMap/a"}));
}

TEST_F(GitSync, OtherPathsThanTheRecordsAreRefusedUnlessChangePaths) {
  repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
  repo_.write("other/b.yaml", config_map(ns_, "b", "1"));
  repo_.commit("v1");
  ASSERT_EQ(gitsync({"app"}).exit_code, 0);
  auto refused = gitsync({"other", "--prune", "--dry-run"});
  EXPECT_GE(refused.exit_code, 2);
  EXPECT_EQ(refused.err, "kubectl-gitsync: error: app '" + app_ +
                             "' is synced from 'app', not 'other'; name its paths, or add "
                             "--change-paths to sync it from these from now on\n");
  EXPECT_FALSE(exists("configmap/b"));

  auto moved = gitsync({"other", "--prune", "--change-paths"});
  ASSERT_EQ(moved.exit_code, 0) << moved.out << moved.err;
  EXPECT_FALSE(exists("configmap/a"));
  EXPECT_TRUE(exists("configmap/b"));
  EXPECT_EQ(gitsync({"other"}).exit_code, 0);  // the record names the new paths now
}

TEST_F(GitSync, RevisionThatRendersNothingNeverPrunes) {
  repo_.write("a.yaml", config_map(ns_, "a", "1"));
  repo_.commit("v1");
  ASSERT_EQ(gitsync({}).exit_code, 0);
  repo_.remove("a.yaml");
  repo_.write("README.md", "# moved elsewhere\n");
  repo_.commit("v2: no manifests");
  auto result = gitsync({"--prune"});
  EXPECT_GE(result.exit_code, 2);
  EXPECT_NE(
      result.err.find("renders no objects for app '" + app_ + "': refusing to prune its 1 object"),
      std::string::npos)
      << result.err;
  EXPECT_TRUE(exists("configmap/a"));
  EXPECT_EQ(recorded_names(), (std::vector<std::string>{"ConfigMap/a"}));
}

TEST_F(GitSync, SyncKilledMidwayForgetsNothingAndARerunConverges) {
  repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
  repo_.commit("v1");
  ASSERT_EQ(gitsync({"app"}).exit_code, 0);
  repo_.remove("app/a.yaml");
  repo_.write("app/b.yaml", config_map(ns_, "b", "1"));
  repo_.write("app/web.yaml", deployment(ns_, 1));
  repo_.commit("v2");
  // Killed after applying, before pruning and recording the outcome.
  auto killed = gitsync({"app", "--prune"}, "GITOPS_TEST_DIE_AT=applied");
  EXPECT_NE(killed.exit_code, 0);
  // The record holds the old and the new objects: nothing the next sync must prune is forgotten.
  EXPECT_EQ(recorded_names(),
            (std::vector<std::string>{"ConfigMap/a", "ConfigMap/b", "Deployment/web"}));
  auto rerun = gitsync({"app", "--prune"});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
  EXPECT_FALSE(exists("configmap/a"));
  EXPECT_TRUE(exists("configmap/b"));
  EXPECT_TRUE(exists("deployment/web"));
  EXPECT_EQ(recorded_names(), (std::vector<std::string>{"ConfigMap/b", "Deployment/web"}));
}

TEST_F(GitSync, FieldOwnedByAnotherManagerIsAClearConflict) {
  repo_.write("app/web.yaml", deployment(ns_, 2));
  repo_.commit("v1");
  ASSERT_EQ(gitsync({"app"}).exit_code, 0);
  kubectl("apply --server-side --force-conflicts --field-manager=hpa-like", deployment(ns_, 5));
  repo_.write("app/web.yaml", deployment(ns_, 3));
  repo_.commit("v2");
  auto conflict = gitsync({"app"});
  EXPECT_GE(conflict.exit_code, 2);
  EXPECT_NE(conflict.out.find("apps/Deployment " + ns_ + "/web"), std::string::npos)
      << conflict.out;
  EXPECT_NE(conflict.out.find("hpa-like"), std::string::npos) << conflict.out;
  EXPECT_NE(conflict.out.find(".spec.replicas"), std::string::npos) << conflict.out;
  EXPECT_NE(conflict.out.find("--force-conflicts"), std::string::npos) << conflict.out;
  EXPECT_EQ(history()[0]["result"], "failed");
  auto forced = gitsync({"app", "--force-conflicts"});
  EXPECT_EQ(forced.exit_code, 0) << forced.out << forced.err;
  EXPECT_EQ(kubectl("get deployment web -n " + ns_ + " -o jsonpath={.spec.replicas}").out, "3");
}

TEST_F(GitSync, StatusShowsRevisionAuthorAndDrift) {
  repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
  auto sha = repo_.commit("v1");
  ASSERT_EQ(gitsync({"app"}).exit_code, 0);
  auto clean = nlohmann::json::parse(gitsync({"--status", "-o", "json"}).out);
  EXPECT_EQ(clean["revision"]["commit"], sha);
  EXPECT_EQ(clean["revision"]["syncedBy"], "admin");
  EXPECT_EQ(clean["objects"], 1);
  EXPECT_EQ(clean["drifted"], 0);
  kubectl("patch configmap a -n " + ns_ + " --type=merge -p " +
          shell_quote(R"({"data":{"key":"hand-edited"}})"));
  auto drifted = nlohmann::json::parse(gitsync({"--status", "-o", "json"}).out);
  EXPECT_EQ(drifted["drifted"], 1);
}

// --status without --app: every app of the record namespace in one table; with --apps, the
// file's apps across their contexts, an unreadable one named in its row (exit 2).
TEST_F(GitSync, StatusWithoutAnAppListsTheFleetAcrossContexts) {
  repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
  repo_.write("web/w.yaml", config_map(ns_, "w", "1"));
  const auto sha = repo_.commit("v1");
  const auto other = app_ + "-web";
  ASSERT_EQ(gitsync({"app"}).exit_code, 0);
  ASSERT_EQ(
      run_plugin("gitsync", {"web", "--app", other, "--record-namespace", records_}, repo_.path())
          .exit_code,
      0);
  kubectl("patch configmap w -n " + ns_ + " --type=merge -p " +
          shell_quote(R"({"data":{"key":"hand-edited"}})"));

  const auto table =
      run_plugin("gitsync", {"--status", "--record-namespace", records_}, repo_.path());
  ASSERT_EQ(table.exit_code, 0) << table.err;
  const auto lines = lines_of(table.out);
  ASSERT_EQ(lines, 3) << table.out;
  EXPECT_EQ(table.out.rfind("APP", 0), 0u) << table.out;
  EXPECT_NE(table.out.find(app_ + "      (current)  " + sha.substr(0, 7)), std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("healthy  0      -\n"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("healthy  1      -\n"), std::string::npos) << "w drifted\n" << table.out;

  const auto apps = repo_.path() / ".git" / "apps.yaml";
  std::ofstream(apps) << "apps:\n- {name: " << app_ << ", repository: " << repo_.path().string()
                      << ", namespace: " << records_ << ", context: viewer}\n- {name: " << other
                      << ", repository: " << repo_.path().string() << ", namespace: " << records_
                      << "}\n- {name: never-synced, repository: " << repo_.path().string()
                      << ", namespace: " << records_ << "}\n";
  const auto fleet =
      run_plugin("gitsync", {"--status", "--apps", apps.string(), "-o", "json"}, repo_.path());
  EXPECT_EQ(fleet.exit_code, 2) << fleet.err;
  const auto items = nlohmann::json::parse(fleet.out)["items"];
  ASSERT_EQ(items.size(), 3u) << fleet.out;
  EXPECT_EQ(items[0]["context"], "viewer") << "read with the viewer's read-only rights";
  EXPECT_EQ(items[0]["revision"]["commit"], sha);
  EXPECT_EQ(items[0]["drifted"], 0);
  EXPECT_EQ(items[1]["drifted"], 1);
  EXPECT_NE(items[2]["error"].get<std::string>().find("unknown app 'never-synced': no sync record"),
            std::string::npos)
      << items[2];
}

TEST_F(GitSync, TeamCannotSyncIntoAnotherNamespaceAndNothingIsRecorded) {
  repo_.write("app/a.yaml", config_map("default", unique_name("forbidden"), "1"));
  repo_.commit("v1");
  auto result = gitsync({"app", "--context", "team-a"});
  EXPECT_GE(result.exit_code, 2);
  EXPECT_EQ(result.err.rfind("kubectl-gitsync: error: ", 0), 0u) << result.err;
  EXPECT_NE(result.err.find("forbidden"), std::string::npos) << result.err;
  EXPECT_NE(kubectl("get configmap gitsync-" + app_ + " -n " + records_, "", false).exit_code, 0);
}

TEST_F(GitSync, BadInputWritesNothing) {
  struct Case {
    std::string file, content, expected;
  };
  for (const auto& [file, content, expected] : std::vector<Case>{
           {"app/bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n",
            "cannot parse 'app/bad.yaml' at line"},
           {"app/bad.yaml", "apiVersion: nope.example.com/v1\nkind: Nope\nmetadata:\n  name: x\n",
            "unknown kind 'Nope.nope.example.com'"},
           {"app/bad.yaml", config_map(ns_, "a", "2"), "is declared twice"},
       }) {
    repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
    repo_.write(file, content);
    repo_.commit("bad input");
    auto result = gitsync({"app"});
    EXPECT_GE(result.exit_code, 2) << expected;
    EXPECT_NE(result.err.find(expected), std::string::npos) << result.err;
    EXPECT_FALSE(exists("configmap/a"));
    EXPECT_NE(kubectl("get configmap gitsync-" + app_ + " -n " + records_, "", false).exit_code, 0);
  }
}

}  // namespace
}  // namespace gitops::testing
