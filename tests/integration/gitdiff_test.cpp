// kubectl gitdiff against the local cluster: each test works in a namespace of its own.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fixture.hpp"

namespace gitops::testing {
namespace {

std::string deployment(const std::string& ns, const std::string& image,
                       const std::string& extra_labels = "") {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: " + ns +
         "\n  labels:\n    app: web\n" + extra_labels +
         "spec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n"
         "  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n"
         "      containers:\n      - name: web\n        image: " +
         image +
         "\n"
         "        ports:\n        - containerPort: 8080\n"
         "        resources:\n          limits:\n            cpu: 0.5\n            memory: "
         "1024Mi\n";
}

std::string service(const std::string& ns) {
  return "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: " + ns +
         "\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n";
}

std::string namespace_doc(const std::string& ns) {
  return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n";
}

// A namespace of its own, applied the way gitsync applies (server-side, field manager gitsync).
class GitDiff : public ::testing::Test {
 protected:
  void SetUp() override {
    ns_ = unique_name("gd");
    kubectl("create namespace " + ns_);
  }
  void TearDown() override { kubectl("delete namespace " + ns_ + " --wait=false", "", false); }

  void sync(const std::string& folder) {
    kubectl("apply --server-side --field-manager=gitsync -R -f " +
            shell_quote((repo_.path() / folder).string()));
  }

  RunResult gitdiff(const std::vector<std::string>& args, const std::string& env = "") {
    return run_plugin("gitdiff", args, repo_.path(), env);
  }

  std::string ns_;
  TempRepo repo_;
};

TEST_F(GitDiff, NoDifferencesRightAfterAServerSideApply) {
  repo_.write("app/deploy.yaml", deployment(ns_, "nginx:1.25"));
  repo_.write("app/service.yaml", service(ns_));
  repo_.write("app/config.yaml", config_map(ns_, "settings", "a"));
  repo_.commit("app");
  sync("app");
  auto result = gitdiff({"app"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("0 to create, 0 to update, 0 to delete, 3 unchanged"),
            std::string::npos)
      << result.out;
}

TEST_F(GitDiff, ChangedImageIsAnUpdateWithTheFieldPath) {
  repo_.write("app/deploy.yaml", deployment(ns_, "nginx:1.25"));
  repo_.commit("v1");
  sync("app");
  repo_.write("app/deploy.yaml", deployment(ns_, "nginx:1.26"));
  repo_.commit("v2");
  auto result = gitdiff({"-o", "json"});
  ASSERT_EQ(result.exit_code, 1) << result.err;
  auto report = nlohmann::json::parse(result.out);
  EXPECT_EQ(report["summary"]["update"], 1);
  ASSERT_EQ(report["objects"].size(), 1u);
  EXPECT_EQ(report["objects"][0]["action"], "update");
  EXPECT_EQ(report["objects"][0]["changes"][0]["path"],
            "spec.template.spec.containers[name=web].image");
  EXPECT_EQ(report["objects"][0]["changes"][0]["before"], "nginx:1.25");
  EXPECT_EQ(report["objects"][0]["changes"][0]["after"], "nginx:1.26");

  auto diff = gitdiff({"--color", "never"});
  EXPECT_EQ(diff.exit_code, 1);
  EXPECT_NE(diff.out.find("\n-      - image: nginx:1.25\n"), std::string::npos) << diff.out;
  EXPECT_NE(diff.out.find("\n+      - image: nginx:1.26\n"), std::string::npos) << diff.out;
}

TEST_F(GitDiff, FieldRemovedFromGitShowsWhenTheLastSyncSetIt) {
  repo_.write("app/deploy.yaml", deployment(ns_, "nginx:1.25", "    tier: frontend\n"));
  repo_.commit("v1");
  sync("app");
  repo_.write("app/deploy.yaml", deployment(ns_, "nginx:1.25"));
  repo_.commit("v2");
  auto result = gitdiff({"-o", "json"});
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;
  auto change = nlohmann::json::parse(result.out)["objects"][0]["changes"][0];
  EXPECT_EQ(change["path"], "metadata.labels.tier");
  EXPECT_EQ(change["before"], "frontend");
  EXPECT_FALSE(change.contains("after"));
}

TEST_F(GitDiff, NewObjectIsACreateInEveryFormat) {
  repo_.write("app/config.yaml", config_map(ns_, "fresh", "x"));
  repo_.commit("new");
  auto summary = gitdiff({"-o", "summary"});
  EXPECT_EQ(summary.exit_code, 1);
  EXPECT_NE(summary.out.find("create v1 ConfigMap " + ns_ + "/fresh"), std::string::npos)
      << summary.out;
  auto markdown = gitdiff({"-o", "markdown"});
  EXPECT_EQ(markdown.exit_code, 1);
  EXPECT_NE(markdown.out.find("<details>"), std::string::npos) << markdown.out;
  auto diff = gitdiff({"-o", "diff", "--color", "never"});
  EXPECT_NE(diff.out.find("+  key: x"), std::string::npos) << diff.out;
}

TEST_F(GitDiff, ObjectTheLastSyncRecordedAndGitDroppedIsADeleteInEveryFormat) {
  const auto app = unique_name("gd-app");
  const auto records = unique_name("gd-records");
  repo_.write("app/keep.yaml", config_map(ns_, "keep", "1"));
  repo_.write("app/gone.yaml", config_map(ns_, "gone", "1"));
  repo_.commit("v1");
  auto synced =
      run_plugin("gitsync", {"app", "--app", app, "--record-namespace", records}, repo_.path());
  ASSERT_EQ(synced.exit_code, 0) << synced.err;
  repo_.remove("app/gone.yaml");
  repo_.commit("v2: drop gone");
  const std::vector<std::string> which{"app", "--app", app, "--record-namespace", records};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), which.begin(), which.end());
    return gitdiff(args);
  };
  auto summary = with({"-o", "summary"});
  EXPECT_EQ(summary.exit_code, 1) << summary.err;
  EXPECT_EQ(summary.out, "delete v1 ConfigMap " + ns_ + "/gone\n" +
                             "0 to create, 0 to update, 1 to delete, 1 unchanged\n");
  auto json = nlohmann::json::parse(with({"-o", "json"}).out);
  EXPECT_EQ(json["summary"]["delete"], 1);
  EXPECT_EQ(json["objects"][0]["action"], "delete");
  auto diff = with({"-o", "diff", "--color", "never"});
  EXPECT_NE(diff.out.find("+++ /dev/null"), std::string::npos) << diff.out;
  EXPECT_NE(diff.out.find("-  key: \"1\""), std::string::npos) << diff.out;
  auto markdown = with({"-o", "markdown"});
  EXPECT_NE(markdown.out.find("delete v1 ConfigMap " + ns_ + "/gone"), std::string::npos)
      << markdown.out;
  kubectl("delete namespace " + records + " --wait=false", "", false);
}

TEST_F(GitDiff, NamespaceAndCrdCreatedInTheSameChangeShowAsCreate) {
  const auto fresh = unique_name("gd-new");
  repo_.write("app/ns.yaml", namespace_doc(fresh));
  repo_.write("app/config.yaml", config_map(fresh, "inside", "x"));
  const auto group = unique_name("g") + ".example.com";
  repo_.write("app/crd.yaml",
              "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n"
              "  name: widgets." +
                  group + "\nspec:\n  group: " + group +
                  "\n  scope: Namespaced\n"
                  "  names:\n    kind: Widget\n    plural: widgets\n    singular: widget\n"
                  "  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n"
                  "      openAPIV3Schema:\n        type: object\n"
                  "        x-kubernetes-preserve-unknown-fields: true\n");
  repo_.write("app/widget.yaml", "apiVersion: " + group +
                                     "/v1\nkind: Widget\nmetadata:\n"
                                     "  name: w1\n  namespace: " +
                                     fresh + "\nspec:\n  size: 3\n");
  repo_.commit("new namespace, crd and widget");
  auto result = gitdiff({"-o", "summary"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("4 to create"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("create " + group + "/v1 Widget " + fresh + "/w1"), std::string::npos)
      << result.out;
}

// The built-in table knows no field "parts": only the cluster's schema says that its elements are
// keyed by slot and side, so that reordering them is no difference.
TEST_F(GitDiff, ListOfACustomResourceIsMatchedByTheKeysItsSchemaDeclares) {
  const auto group = unique_name("g") + ".example.com";
  kubectl(
      "apply",
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n"
      "  name: gadgets." +
          group + "\nspec:\n  group: " + group +
          "\n  scope: Namespaced\n"
          "  names: {kind: Gadget, plural: gadgets, singular: gadget}\n"
          "  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n"
          "      openAPIV3Schema:\n        type: object\n        properties:\n"
          "          spec:\n            type: object\n            properties:\n"
          "              parts:\n                type: array\n"
          "                x-kubernetes-list-type: map\n"
          "                x-kubernetes-list-map-keys: [slot, side]\n"
          "                items:\n                  type: object\n"
          "                  required: [slot, side]\n                  properties:\n"
          "                    slot: {type: integer}\n                    side: {type: string}\n"
          "                    label: {type: string}\n");
  kubectl("wait --for=condition=Established --timeout=60s crd/gadgets." + group);
  // The server publishes a new CRD's OpenAPI schema about a second after it is established.
  for (int attempt = 0; attempt < 120; ++attempt) {
    if (kubectl("get --raw /openapi/v3").out.find("apis/" + group + "/v1") != std::string::npos)
      break;
    shell("sleep 0.25");
  }
  auto gadget = [&](const std::string& parts) {
    return "apiVersion: " + group +
           "/v1\nkind: Gadget\nmetadata:\n  name: g1\n  namespace: " + ns_ + "\nspec:\n  parts:\n" +
           parts;
  };
  const std::string left = "  - {slot: 1, side: left, label: ";
  const std::string right = "  - {slot: 1, side: right, label: b}\n";
  repo_.write("app/gadget.yaml", gadget(left + "a}\n" + right));
  repo_.commit("v1");
  sync("app");
  repo_.write("app/gadget.yaml", gadget(right + left + "c}\n"));
  repo_.commit("v2: reordered, and the left part relabelled");

  auto result = gitdiff({"-o", "json"});
  ASSERT_EQ(result.exit_code, 1) << result.err;
  auto report = nlohmann::json::parse(result.out);
  ASSERT_EQ(report["objects"].size(), 1u) << result.out;
  ASSERT_EQ(report["objects"][0]["changes"].size(), 1u) << result.out;
  EXPECT_EQ(report["objects"][0]["changes"][0]["path"], "spec.parts[slot=1,side=left].label");
  EXPECT_EQ(report["objects"][0]["changes"][0]["after"], "c");
}

// gitdiff caches discovery for ten minutes; a CRD whose served version moved in the meantime
// must not make its objects look absent.
TEST_F(GitDiff, CustomResourceWhoseVersionMovedSinceDiscoveryWasCachedIsStillRead) {
  const auto group = unique_name("g") + ".example.com";
  auto crd = [&](const std::string& versions) {
    return "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n"
           "  name: tools." +
           group + "\nspec:\n  group: " + group +
           "\n  scope: Namespaced\n"
           "  names: {kind: Tool, plural: tools, singular: tool}\n  versions:\n" +
           versions;
  };
  auto version = [](const std::string& name, bool served, bool storage) {
    return "  - name: " + name + "\n    served: " + (served ? "true" : "false") +
           "\n    storage: " + (storage ? "true" : "false") +
           "\n    schema:\n      openAPIV3Schema: {type: object, "
           "x-kubernetes-preserve-unknown-fields: true}\n";
  };
  kubectl("apply", crd(version("v1alpha1", true, true)));
  kubectl("wait --for=condition=Established --timeout=60s crd/tools." + group);
  auto tool = [&](const std::string& api_version, const std::string& size) {
    return "apiVersion: " + group + "/" + api_version +
           "\nkind: Tool\nmetadata:\n  name: t1\n"
           "  namespace: " +
           ns_ + "\nspec:\n  size: " + size + "\n";
  };
  repo_.write("app/tool.yaml", tool("v1alpha1", "1"));
  repo_.commit("v1alpha1");
  sync("app");
  ASSERT_EQ(gitdiff({"-o", "summary"}).exit_code, 0);  // discovery is cached at v1alpha1

  kubectl("apply", crd(version("v1", true, true) + version("v1alpha1", false, false)));
  for (int attempt = 0; attempt < 120; ++attempt) {
    if (kubectl("get --raw /apis/" + group + "/v1alpha1", "", false).exit_code != 0)
      break;  // no longer served
    shell("sleep 0.25");
  }
  repo_.write("app/tool.yaml", tool("v1", "2"));
  repo_.commit("v1");
  auto result = gitdiff({"-o", "summary"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("update " + group + "/v1 Tool " + ns_ + "/t1"), std::string::npos)
      << result.out;
}

TEST_F(GitDiff, ViewerCanDiffWithReadRightsOnly) {
  repo_.write("app/config.yaml", config_map(ns_, "settings", "a"));
  repo_.commit("v1");
  sync("app");
  repo_.write("app/config.yaml", config_map(ns_, "settings", "b"));
  repo_.commit("v2");
  auto result = gitdiff({"--context", "viewer", "-o", "summary"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("update v1 ConfigMap " + ns_ + "/settings"), std::string::npos);
}

// --as is kubectl's: it must reach the reads made through the proxy as much as any kubectl call.
TEST_F(GitDiff, ImpersonationReachesEveryRead) {
  repo_.write("app/config.yaml", config_map(ns_, "settings", "a"));
  repo_.commit("v1");
  sync("app");
  auto nobody = gitdiff({"--as", "nobody", "-o", "summary"});
  EXPECT_GE(nobody.exit_code, 2);
  EXPECT_NE(nobody.out.find("unreadable"), std::string::npos) << nobody.out << nobody.err;
  EXPECT_NE(nobody.out.find("\"nobody\""), std::string::npos) << nobody.out;
  auto viewer = gitdiff({"--as", "viewer", "-o", "summary"});
  EXPECT_EQ(viewer.exit_code, 0) << viewer.out << viewer.err;
}

TEST_F(GitDiff, ObjectsTheUserCannotReadAreReportedAndFailTheDiff) {
  repo_.write("app/config.yaml", config_map(ns_, "settings", "a"));
  repo_.commit("v1");
  auto result = gitdiff({"--context", "team-a", "-o", "summary"});
  EXPECT_GE(result.exit_code, 2);
  EXPECT_NE(result.out.find("unreadable"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("forbidden"), std::string::npos) << result.out;
}

TEST_F(GitDiff, SecretValuesNeverAppearInAnyOutput) {
  const std::string canary = "canary-7f3a9e";
  const std::string base64_canary = "Y2FuYXJ5LTdmM2E5ZQ==";
  repo_.write("app/secret.yaml",
              "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n"
              "  namespace: " +
                  ns_ + "\nstringData:\n  password: old-" + canary +
                  "\n"
                  "  user: admin\n");
  repo_.commit("v1");
  sync("app");
  repo_.write("app/secret.yaml",
              "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n"
              "  namespace: " +
                  ns_ + "\nstringData:\n  password: " + canary +
                  "\n"
                  "  user: admin\n  token: " +
                  canary + "\n");
  repo_.commit("v2");
  for (const char* format : {"diff", "json", "markdown", "summary"}) {
    auto result = gitdiff({"-o", format, "-v", "--color", "always"});
    EXPECT_EQ(result.exit_code, 1) << format << result.err;
    for (const auto& secret : {canary, base64_canary, std::string("YWRtaW4=")}) {
      EXPECT_EQ(result.out.find(secret), std::string::npos) << format << ": " << result.out;
      EXPECT_EQ(result.err.find(secret), std::string::npos) << format << ": " << result.err;
    }
  }
  auto json = nlohmann::json::parse(gitdiff({"-o", "json"}).out);
  std::vector<std::string> paths;
  for (const auto& change : json["objects"][0]["changes"])
    paths.push_back(change["path"]);
  EXPECT_EQ(paths, (std::vector<std::string>{"data.password", "data.token"}));
}

TEST_F(GitDiff, KustomizeFolderIsRenderedWhole) {
  repo_.write("base/kustomization.yaml", "resources:\n- config.yaml\n");
  repo_.write("base/config.yaml",
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n"
              "data:\n  level: base\n");
  repo_.write("envs/prod/kustomization.yaml", "namespace: " + ns_ +
                                                  "\nnamePrefix: prod-\n"
                                                  "resources:\n- ../../base\n");
  repo_.commit("kustomize");
  auto result = gitdiff({"-o", "summary"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("create v1 ConfigMap " + ns_ + "/prod-settings"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("1 to create"), std::string::npos) << result.out;
}

TEST_F(GitDiff, UncommittedEditsShowOnlyWithWorktree) {
  repo_.write("app/config.yaml", config_map(ns_, "settings", "a"));
  repo_.commit("v1");
  sync("app");
  repo_.write("app/config.yaml", config_map(ns_, "settings", "edited"));
  EXPECT_EQ(gitdiff({}).exit_code, 0);
  auto result = gitdiff({"--worktree", "-o", "summary"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(repo_.read("app/config.yaml"), config_map(ns_, "settings", "edited"));
}

TEST_F(GitDiff, ServerSideDelegatesToKubectlDiffWhichNeedsPatchRights) {
  repo_.write("app/config.yaml", config_map(ns_, "settings", "a"));
  repo_.commit("v1");
  sync("app");
  repo_.write("app/config.yaml", config_map(ns_, "settings", "b"));
  repo_.commit("v2");
  auto admin = gitdiff({"--server-side", "app"});
  EXPECT_EQ(admin.exit_code, 1) << admin.err;
  EXPECT_NE(admin.out.find("+  key: b"), std::string::npos) << admin.out;
  auto viewer = gitdiff({"--server-side", "--context", "viewer", "app"});
  EXPECT_GE(viewer.exit_code, 2) << viewer.out;
  EXPECT_NE(viewer.err.find("forbidden"), std::string::npos) << viewer.err;
  // The default mode reads only: the same viewer sees the same change.
  EXPECT_EQ(gitdiff({"--context", "viewer", "app"}).exit_code, 1);
}

TEST_F(GitDiff, IgnoreRulesFromFlagAndFile) {
  repo_.write("app/deploy.yaml", deployment(ns_, "nginx:1.25"));
  repo_.commit("v1");
  sync("app");
  kubectl("scale deployment web --replicas=5 -n " + ns_);
  EXPECT_EQ(gitdiff({}).exit_code, 1);
  EXPECT_EQ(gitdiff({"--ignore", "Deployment:spec.replicas"}).exit_code, 0);
  repo_.write(".gitdiffignore", "# autoscaled\napps/Deployment:spec.replicas\n");
  repo_.commit("ignore replicas");
  EXPECT_EQ(gitdiff({}).exit_code, 0);
}

TEST_F(GitDiff, AgreesWithKubectlDiffServerSideOnWhichObjectsChanged) {
  repo_.write("app/deploy.yaml", deployment(ns_, "nginx:1.25"));
  repo_.write("app/service.yaml", service(ns_));
  repo_.write("app/a.yaml", config_map(ns_, "a", "1"));
  repo_.write("app/b.yaml", config_map(ns_, "b", "1"));
  repo_.commit("v1");
  sync("app");
  repo_.write("app/deploy.yaml", deployment(ns_, "nginx:1.26"));
  repo_.write("app/b.yaml", config_map(ns_, "b", "2"));
  repo_.write("app/c.yaml", config_map(ns_, "c", "1"));
  repo_.commit("v2");
  auto ours = gitdiff({"-o", "summary"});
  auto theirs = kubectl("diff --server-side --field-manager=gitsync -R -f " +
                            shell_quote((repo_.path() / "app").string()),
                        "", false);
  ASSERT_EQ(theirs.exit_code, 1) << theirs.err;
  for (const auto& [kind, name, changed] :
       std::vector<std::tuple<std::string, std::string, bool>>{{"apps.v1.Deployment", "web", true},
                                                               {"v1.ConfigMap", "b", true},
                                                               {"v1.ConfigMap", "c", true},
                                                               {"v1.ConfigMap", "a", false},
                                                               {"v1.Service", "web", false}}) {
    bool kubectl_says = theirs.out.find(kind + "." + ns_ + "." + name) != std::string::npos;
    EXPECT_EQ(kubectl_says, changed) << kind << " " << name << "\n" << theirs.out;
  }
  EXPECT_NE(ours.out.find("update apps/v1 Deployment " + ns_ + "/web"), std::string::npos);
  EXPECT_NE(ours.out.find("update v1 ConfigMap " + ns_ + "/b"), std::string::npos);
  EXPECT_NE(ours.out.find("create v1 ConfigMap " + ns_ + "/c"), std::string::npos);
  EXPECT_NE(ours.out.find("1 to create, 2 to update, 0 to delete, 2 unchanged"), std::string::npos)
      << ours.out;
}

// Two revisions: no cluster, no kubeconfig.
TEST(GitDiffRevisions, ComparesTwoRevisionsWithoutAnyKubeconfig) {
  TempRepo repo;
  repo.write("app/a.yaml", config_map("team-a", "a", "1"));
  repo.write("app/b.yaml", config_map("team-a", "b", "1"));
  repo.write("app/c.yaml", config_map("team-a", "c", "1"));
  repo.commit("v1");
  repo.write("app/b.yaml", config_map("team-a", "b", "2"));
  repo.remove("app/c.yaml");
  repo.write("app/d.yaml", config_map("team-a", "d", "1"));
  repo.commit("v2");
  // No kubeconfig, and no kubectl either: two revisions of plain manifests need neither.
  auto result = run_plugin("gitdiff", {"--rev", "HEAD~1..HEAD", "-o", "summary"}, repo.path(),
                           "env -u KUBECONFIG HOME=/nonexistent PATH=/nonexistent");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(result.out,
            "update v1 ConfigMap team-a/b\n"
            "delete v1 ConfigMap team-a/c\n"
            "create v1 ConfigMap team-a/d\n"
            "1 to create, 1 to update, 1 to delete, 0 unchanged\n");
}

TEST(GitDiffErrors, BadInputGivesOneClearLineAndExitTwo) {
  TempRepo repo;
  repo.write("app/bad.yaml",
             "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
             "data:\n  a: [unclosed\n");
  repo.write("good/c.yaml", config_map("team-a", "a", "1"));
  repo.commit("bad yaml");
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  for (const auto& [args, expected] : std::vector<Case>{
           {{"app"}, "kubectl-gitdiff: error: cannot parse 'app/bad.yaml' at line"},
           {{"--rev", "v9", "good"}, "kubectl-gitdiff: error: unknown revision 'v9'"},
           {{"nope"}, "kubectl-gitdiff: error: 'nope' does not exist at HEAD"},
           {{"--output", "yaml"}, "kubectl-gitdiff: error: unknown output format 'yaml'"},
           {{"--rev", "HEAD..HEAD", "--app", "shop"},
            "kubectl-gitdiff: error: --app does not apply to --rev A..B"},
           {{"--server-side", "-o", "json", "good"},
            "kubectl-gitdiff: error: --output does not apply to --server-side"},
           {{"--app", "", "good"}, "kubectl-gitdiff: error: --app was given an empty value"},
       }) {
    auto result = run_plugin("gitdiff", args, repo.path());
    EXPECT_GE(result.exit_code, 2) << expected;
    EXPECT_EQ(result.err.rfind(expected, 0), 0u) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_EQ(result.out, "");
  }
  auto outside = run_plugin("gitdiff", {}, "/");
  EXPECT_GE(outside.exit_code, 2);
  EXPECT_EQ(outside.err.rfind("kubectl-gitdiff: error: not a git repository", 0), 0u)
      << outside.err;
}

TEST(GitDiffErrors, MissingKubectlAndUnreachableServerGiveOneLine) {
  TempRepo repo;
  repo.write("app/c.yaml", config_map("team-a", "a", "1"));
  repo.commit("v1");
  auto missing = run_plugin("gitdiff", {}, repo.path(), "PATH=/nonexistent");
  EXPECT_GE(missing.exit_code, 2);
  EXPECT_EQ(missing.err.rfind("kubectl-gitdiff: error: cannot run 'kubectl'", 0), 0u)
      << missing.err;
  repo.write("unreachable.kubeconfig",
             "apiVersion: v1\nkind: Config\nclusters:\n- name: gone\n  cluster:\n"
             "    server: https://127.0.0.1:1\nusers:\n- name: u\n  user:\n    token: x\n"
             "contexts:\n- name: gone\n  context:\n    cluster: gone\n    user: u\n"
             "current-context: gone\n");
  auto unreachable =
      run_plugin("gitdiff", {"--kubeconfig", "unreachable.kubeconfig", "app"}, repo.path());
  EXPECT_GE(unreachable.exit_code, 2);
  EXPECT_EQ(unreachable.err.rfind("kubectl-gitdiff: error: ", 0), 0u) << unreachable.err;
  EXPECT_NE(unreachable.err.find("cannot reach the cluster"), std::string::npos) << unreachable.err;
  EXPECT_EQ(std::count(unreachable.err.begin(), unreachable.err.end(), '\n'), 1) << unreachable.err;
}

}  // namespace
}  // namespace gitops::testing
