// What real GitOps repositories hold besides plain manifests and kustomizations: Helm charts
// (values, a vendored subchart, an unvendored dependency), kustomize's helmCharts, Jsonnet
// (imports, external variables, top-level arguments), and a folder of files nothing renders. Each
// through gitdiff against the cluster, gitdiff A..B and gitsync, with gitdiff quiet after each
// sync. Charts need a helm 3.14 or newer: $HELM or PATH (scripts/test.sh sets $HELM from
// scripts/helm.sh).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fixture.hpp"

namespace gitops::testing {
namespace {

using Args = std::vector<std::string>;

class Sources : public ClusterTest {
 protected:
  Sources() : ClusterTest("src"), app_(unique_name("app")) {}

  RunResult gitdiff(Args args) {
    args.insert(args.end(), {"-n", ns_});
    return run_plugin("gitdiff", args, repo_.path());
  }
  // Against the cluster, with the app's record (and so its release name).
  RunResult gitdiff_app(Args args) {
    args.insert(args.end(), {"--app", app_, "--record-namespace", records_});
    return gitdiff(args);
  }
  RunResult gitsync(Args args) {
    args.insert(args.end(), {"--app", app_, "--record-namespace", records_, "-n", ns_});
    return run_plugin("gitsync", args, repo_.path());
  }
  nlohmann::json summary_of(const RunResult& result) {
    EXPECT_LE(result.exit_code, 1) << result.err;
    return nlohmann::json::parse(result.out)["summary"];
  }
  std::string config_value(const std::string& name, const std::string& key) {
    return kubectl("get configmap " + name + " -n " + ns_ + " -o jsonpath={.data." + key + "}").out;
  }

  // Synced with `args` (and `sync_only`), then nothing differs: each sync leaves gitdiff quiet.
  void sync_then_quiet(const Args& args, const Args& sync_only = {}) {
    Args sync_args = args;
    sync_args.insert(sync_args.end(), sync_only.begin(), sync_only.end());
    auto synced = gitsync(sync_args);
    ASSERT_EQ(synced.exit_code, 0) << synced.out << synced.err;
    auto after = gitdiff_app(args);
    EXPECT_EQ(after.exit_code, 0) << after.out << after.err;
  }

  void write_web_chart() {
    repo_.write("charts/web/Chart.yaml",
                "apiVersion: v2\nname: web\nversion: 0.1.0\ndependencies:\n"
                "- name: cache\n  version: 0.2.0\n  repository: https://charts.example.com\n");
    repo_.write("charts/web/values.yaml", "greeting: hello\ncolour: blue\n");
    repo_.write(
        "charts/web/templates/config.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-web\n"
        "  namespace: {{ .Release.Namespace }}\ndata:\n"
        "  greeting: {{ .Values.greeting | quote }}\n  colour: {{ .Values.colour | quote }}\n");
    repo_.write("charts/web/charts/cache/Chart.yaml",
                "apiVersion: v2\nname: cache\nversion: 0.2.0\n");
    repo_.write("charts/web/charts/cache/values.yaml", "size: 64\n");
    repo_.write("charts/web/charts/cache/templates/config.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cache\n"
                "data:\n  size: {{ .Values.size | quote }}\n");
    repo_.write("envs/prod/web-values.yaml", "greeting: bonjour\n");
  }

  std::string app_;
};

TEST_F(Sources, AChartWithValuesAndAVendoredSubchartRendersWithHelm) {
  write_web_chart();
  repo_.commit("web chart");
  const Args flags = {"charts/web", "--values", "envs/prod/web-values.yaml", "--set",
                      "colour=green"};

  Args json = flags;
  json.insert(json.end(), {"-o", "json"});
  auto before = gitdiff_app(json);
  ASSERT_EQ(before.exit_code, 1) << before.out << before.err;
  EXPECT_EQ(summary_of(before)["create"], 2);
  Args summary = flags;
  summary.insert(summary.end(), {"-o", "summary"});
  auto listed = gitdiff_app(summary);
  EXPECT_NE(listed.out.find("create v1 ConfigMap " + ns_ + "/" + app_ + "-web"), std::string::npos)
      << listed.out;
  EXPECT_NE(listed.out.find("create v1 ConfigMap " + ns_ + "/" + app_ + "-cache"),
            std::string::npos)
      << listed.out;

  sync_then_quiet(flags);
  EXPECT_EQ(config_value(app_ + "-web", "greeting"), "bonjour");  // --values after values.yaml
  EXPECT_EQ(config_value(app_ + "-web", "colour"), "green");      // --set last
  EXPECT_EQ(config_value(app_ + "-cache", "size"), "64");

  repo_.write("charts/web/charts/cache/values.yaml", "size: 128\n");
  repo_.commit("bigger cache");
  auto range = gitdiff({"--rev", "HEAD~1..HEAD", "charts/web", "-o", "json"});
  ASSERT_EQ(range.exit_code, 1) << range.out << range.err;
  EXPECT_EQ(summary_of(range)["update"], 1);
  EXPECT_NE(range.out.find("\"after\": \"128\""), std::string::npos) << range.out;
  auto drift = gitdiff_app(json);
  EXPECT_EQ(drift.exit_code, 1) << drift.err;
  sync_then_quiet(flags);
  EXPECT_EQ(config_value(app_ + "-cache", "size"), "128");
}

TEST_F(Sources, AChartWhoseDependencyIsNotVendoredSaysToBuildItAndFetchesNothing) {
  repo_.write("README.md", "# charts\n");
  repo_.commit("start");
  write_web_chart();
  repo_.remove("charts/web/charts");
  repo_.commit("unvendored");
  const std::string expected =
      "error: cannot render the chart 'charts/web': its dependency 'cache' (Chart.yaml) is not "
      "vendored under 'charts/web/charts'; run 'helm dependency build charts/web'";
  for (const auto& result : {gitdiff_app({"charts/web"}), gitsync({"charts/web"}),
                             gitdiff({"--rev", "HEAD~1..HEAD", "charts/web"})}) {
    EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
    EXPECT_NE(result.err.find(expected), std::string::npos) << result.err;
  }
}

TEST_F(Sources, AKustomizationWithHelmChartsRendersTheChartWithTheOverlaysValues) {
  // The chart lives beside the overlay's kustomization, where kustomize's chartHome looks.
  repo_.write("overlay/charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
  repo_.write("overlay/charts/web/values.yaml", "greeting: hello\n");
  repo_.write("overlay/charts/web/templates/config.yaml",
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-web\n"
              "data:\n  greeting: {{ .Values.greeting | quote }}\n");
  auto kustomization = [&](const std::string& greeting) {
    return "helmCharts:\n- name: web\n  releaseName: shop\n  namespace: " + ns_ +
           "\n  valuesInline:\n    greeting: " + greeting + "\n";
  };
  repo_.write("overlay/kustomization.yaml", kustomization("prod"));
  repo_.commit("overlay");

  auto before = gitdiff_app({"overlay", "-o", "json"});
  ASSERT_EQ(before.exit_code, 1) << before.out << before.err;
  EXPECT_EQ(summary_of(before)["create"], 1);
  sync_then_quiet({"overlay"});
  EXPECT_EQ(config_value("shop-web", "greeting"), "prod");

  repo_.write("overlay/kustomization.yaml", kustomization("staging"));
  repo_.commit("staging greeting");
  auto range = gitdiff({"--rev", "HEAD~1..HEAD", "overlay", "-o", "json"});
  ASSERT_EQ(range.exit_code, 1) << range.out << range.err;
  EXPECT_EQ(summary_of(range)["update"], 1);
  sync_then_quiet({"overlay"});
  EXPECT_EQ(config_value("shop-web", "greeting"), "staging");
}

TEST_F(Sources, JsonnetWithImportsExternalVariablesAndTopLevelArgumentsRendersInProcess) {
  repo_.write("vendor/k.libsonnet",
              "{ configMap(name, data):: { apiVersion: 'v1', kind: 'ConfigMap', "
              "metadata: { name: name }, data: data } }");
  repo_.write("apps/lib/naming.libsonnet", "{ name(env):: 'settings-' + env }");
  repo_.write("apps/main.jsonnet",
              "local k = import 'k.libsonnet';\nlocal naming = import 'naming.libsonnet';\n"
              "function(replicas, tier='web') [\n"
              "  k.configMap(naming.name(std.extVar('env')), { replicas: std.toString(replicas),"
              " tier: tier, debug: std.toString(std.extVar('debug')) }),\n"
              "  { apiVersion: 'v1', kind: 'List', items: [k.configMap('extra', { a: 'b' })] },\n"
              "]\n");
  repo_.commit("jsonnet");
  const Args flags = {"apps",       "--ext-str",      "env=prod",  "--ext-code", "debug=false",
                      "--tla-code", "replicas=1 + 2", "--tla-str", "tier=api"};

  Args json = flags;
  json.insert(json.end(), {"-o", "json"});
  auto before = gitdiff_app(json);
  ASSERT_EQ(before.exit_code, 1) << before.out << before.err;
  EXPECT_EQ(summary_of(before)["create"], 2);
  sync_then_quiet(flags);
  EXPECT_EQ(config_value("settings-prod", "replicas"), "3");
  EXPECT_EQ(config_value("settings-prod", "tier"), "api");
  EXPECT_EQ(config_value("settings-prod", "debug"), "false");

  repo_.write("apps/lib/naming.libsonnet", "{ name(env):: 'config-' + env }");
  repo_.commit("renamed");
  Args range = {"--rev", "HEAD~1..HEAD", "-o", "json"};
  range.insert(range.end(), flags.begin(), flags.end());
  auto changed = gitdiff(range);
  ASSERT_EQ(changed.exit_code, 1) << changed.out << changed.err;
  EXPECT_EQ(summary_of(changed)["create"], 1);
  EXPECT_EQ(summary_of(changed)["delete"], 1);
  sync_then_quiet(flags, {"--prune"});
  EXPECT_EQ(config_value("config-prod", "replicas"), "3");
}

TEST_F(Sources, AFolderOfUnsupportedFilesNamedExplicitlyIsAnErrorNotAnEmptyAnswer) {
  repo_.write("apps/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  repo_.commit("apps");
  repo_.write("cue/app.cue", "package app\nconfig: name: \"a\"\n");
  repo_.write("cue/README.md", "# rendered by cue\n");
  repo_.commit("cue");
  const std::string expected = "error: cannot render 'cue': it holds 2 files (README.md, app.cue)";
  for (const auto& result :
       {gitdiff_app({"cue"}), gitsync({"cue"}), gitdiff({"--rev", "HEAD~1..HEAD", "cue"})}) {
    EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
    EXPECT_NE(result.err.find(expected), std::string::npos) << result.err;
  }
  // The whole repository renders what it can and names what it skips.
  auto whole = gitdiff_app({"-o", "json"});
  EXPECT_EQ(whole.exit_code, 1) << whole.err;
  EXPECT_NE(whole.err.find("kubectl-gitdiff: note: nothing renders in 'cue'"), std::string::npos)
      << whole.err;
  sync_then_quiet({});
}

}  // namespace
}  // namespace gitops::testing
