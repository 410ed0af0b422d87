#include "diff/present_diff.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "diff/present_json.hpp"
#include "diff/present_markdown.hpp"
#include "diff/present_summary.hpp"

namespace gitops::diff {
namespace {

// Golden files hold what users read: tests/golden/present/<name>. After a deliberate change of
// output, regenerate them with
//   GITOPS_UPDATE_GOLDEN=1 ./build/tests/unit_tests --gtest_filter='Present*'
// (the files are written instead of compared), then read `git diff tests/golden` before
// committing.
void expect_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(GITOPS_TEST_DATA) + "/present/" + name;
  const char* update = std::getenv("GITOPS_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream file(path, std::ios::binary);
  ASSERT_TRUE(file) << "no golden file " << path << ": run with GITOPS_UPDATE_GOLDEN=1";
  std::stringstream expected;
  expected << file.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "output differs from " << path;
}

ObjectId in_team_a(const std::string& group, const std::string& kind, const std::string& name) {
  return {group, kind, "team-a", name};
}

// The declared projection of the web Deployment, live (2 replicas, nginx 1.25.3) or in git.
Value web_deployment(int replicas, const std::string& image) {
  return Value::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "team-a", "labels": {"app": "web"}},
    "spec": {
      "replicas": )" + std::to_string(replicas) +
                      R"(,
      "selector": {"matchLabels": {"app": "web"}},
      "template": {
        "metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [{
          "name": "web", "image": ")" +
                      image + R"(", "args": ["--port=8080"],
          "ports": [{"containerPort": 8080, "name": "http"}],
          "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}}}]}}}})");
}

ObjectChange created_config_map() {
  ObjectChange change;
  change.id = in_team_a("", "ConfigMap", "web-config");
  change.api_version = "v1";
  change.action = Action::create;
  change.source = "envs/prod/web.yaml:1";
  change.after = Value::parse(R"({
    "apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "web-config", "namespace": "team-a", "labels": {"app": "web"}},
    "data": {
      "FEATURE_SEARCH": "on",
      "LOG_LEVEL": "info",
      "nginx.conf": "server {\n  listen 8080;\n  location / {\n    root /usr/share/nginx/html;\n  }\n}\n"
    }})");
  return change;
}

ObjectChange deleted_service() {
  ObjectChange change;
  change.id = in_team_a("", "Service", "legacy-web");
  change.api_version = "v1";
  change.action = Action::remove;
  change.before = Value::parse(R"({
    "apiVersion": "v1", "kind": "Service",
    "metadata": {"name": "legacy-web", "namespace": "team-a"},
    "spec": {
      "ports": [{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 8080}],
      "selector": {"app": "legacy-web"},
      "type": "ClusterIP"}})");
  return change;
}

ObjectChange unchanged_service_account() {
  ObjectChange change;
  change.id = in_team_a("", "ServiceAccount", "web");
  change.api_version = "v1";
  change.action = Action::unchanged;
  change.source = "envs/prod/web.yaml:14";
  return change;
}

ObjectChange updated_deployment() {
  ObjectChange change;
  change.id = in_team_a("apps", "Deployment", "web");
  change.api_version = "apps/v1";
  change.action = Action::update;
  change.source = "envs/prod/web.yaml:20";
  change.fields = {
      {"spec.replicas", Value(2), Value(3)},
      {"spec.template.spec.containers[name=web].image", Value("nginx:1.25.3"),
       Value("nginx:1.25.4")},
  };
  change.before = web_deployment(2, "nginx:1.25.3");
  change.after = web_deployment(3, "nginx:1.25.4");
  return change;
}

ObjectChange unreadable_cron_job() {
  ObjectChange change;
  change.id = in_team_a("batch", "CronJob", "report");
  change.api_version = "batch/v1";
  change.action = Action::unreadable;
  change.source = "envs/prod/report.yaml:1";
  change.reason = "cannot list 'cronjobs.batch' in namespace 'team-a': forbidden for user 'dev'";
  return change;
}

SourceInfo head_of_platform() {
  return {"/home/dev/platform", "HEAD", "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d", {"envs/prod"}};
}

// One object of each outcome, in identity order, against a cluster.
Report sample_report() {
  Report report;
  report.source = head_of_platform();
  report.target.context = "kind-gitops";
  report.target.server = "https://127.0.0.1:6443";
  report.changes.objects = {created_config_map(), deleted_service(), unchanged_service_account(),
                            updated_deployment(), unreadable_cron_job()};
  return report;
}

// The sample report of a source that also declares a pre-sync hook named by the server.
Report sample_report_with_a_hook() {
  Report report = sample_report();
  report.hooks = {{{"batch", "Job", "team-a", "migrate-"},
                   "batch/v1",
                   {"pre-sync"},
                   true,
                   "envs/prod/migrate.yaml:1"}};
  return report;
}

Report unchanged_report(int count) {
  Report report = sample_report();
  report.changes.objects.clear();
  for (int i = 0; i < count; ++i) {
    ObjectChange change = unchanged_service_account();
    change.id.name = "web-" + std::to_string(i);
    report.changes.objects.push_back(change);
  }
  return report;
}

Report revision_report() {
  Report report;
  report.source = head_of_platform();
  report.target.revision = "main~1";
  report.target.commit = "9f8e7d6c5b4a39281706f5e4d3c2b1a098f7e6d5";
  report.changes.objects = {updated_deployment()};
  return report;
}

// A Secret as the comparer hands it over: values already replaced by markers.
Report secret_report() {
  ObjectChange change;
  change.id = in_team_a("", "Secret", "db-credentials");
  change.api_version = "v1";
  change.action = Action::update;
  change.source = "envs/prod/db.yaml:1";
  change.fields = {{"data.password", Value("*** (before)"), Value("*** (after)")}};
  auto secret = [](const char* password) {
    Value body = Value::parse(R"({"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
        "metadata": {"name": "db-credentials", "namespace": "team-a"},
        "data": {"username": "***"}})");
    body["data"]["password"] = password;
    return body;
  };
  change.before = secret("*** (before)");
  change.after = secret("*** (after)");
  Report report;
  report.source = head_of_platform();
  report.target.context = "kind-gitops";
  report.changes.objects = {change};
  return report;
}

TEST(SummaryLine, CountsEachAction) {
  Counts counts;
  counts.create = 2;
  counts.update = 5;
  counts.remove = 1;
  counts.unchanged = 992;
  EXPECT_EQ(summary_line(counts), "2 to create, 5 to update, 1 to delete, 992 unchanged");
}

TEST(SummaryLine, AddsUnreadableOnlyWhenAny) {
  Counts counts;
  counts.unreadable = 3;
  EXPECT_EQ(summary_line(counts),
            "0 to create, 0 to update, 0 to delete, 0 unchanged, 3 unreadable");
}

TEST(PresentDiff, MatchesGolden) {
  expect_golden("diff.txt", present_diff(sample_report_with_a_hook(), false));
}

TEST(PresentJson, MatchesGolden) {
  expect_golden("json.json", present_json(sample_report_with_a_hook()));
}

TEST(PresentMarkdown, MatchesGolden) {
  expect_golden("markdown.md", present_markdown(sample_report_with_a_hook()));
}

TEST(PresentSummary, MatchesGolden) {
  expect_golden("summary.txt", present_summary(sample_report_with_a_hook()));
}

TEST(PresentDiff, PrintsOnlyTheSummaryLineWhenNothingChanged) {
  EXPECT_EQ(present_diff(unchanged_report(12), false),
            "0 to create, 0 to update, 0 to delete, 12 unchanged\n");
}

TEST(PresentDiff, CreateShowsEveryLineAdded) {
  Report report = sample_report();
  report.changes.objects = {created_config_map()};
  std::string diff = present_diff(report, false);
  EXPECT_EQ(diff.rfind("--- /dev/null\n"
                       "+++ HEAD(1a2b3c4)/v1/ConfigMap/team-a/web-config\n"
                       "@@ -0,0 +1,17 @@\n"
                       "+apiVersion: v1\n",
                       0),
            0u)
      << diff;
  std::string hunk = diff.substr(diff.find("@@"));
  EXPECT_EQ(hunk.find("\n-"), std::string::npos) << diff;
  EXPECT_EQ(hunk.find("\n "), std::string::npos) << diff;
}

TEST(PresentDiff, DeleteShowsEveryLineRemoved) {
  Report report = sample_report();
  report.changes.objects = {deleted_service()};
  std::string diff = present_diff(report, false);
  EXPECT_EQ(diff.rfind("--- live/v1/Service/team-a/legacy-web\n"
                       "+++ /dev/null\n"
                       "@@ -1,14 +0,0 @@\n",
                       0),
            0u)
      << diff;
  std::string hunk = diff.substr(diff.find("@@"));
  EXPECT_EQ(hunk.find("\n+"), std::string::npos) << diff;
  EXPECT_EQ(hunk.find("\n "), std::string::npos) << diff;
}

TEST(PresentDiff, NamesBothRevisionsForARevisionTarget) {
  std::string diff = present_diff(revision_report(), false);
  EXPECT_EQ(diff.rfind("--- main~1(9f8e7d6)/apps/v1/Deployment/team-a/web\n"
                       "+++ HEAD(1a2b3c4)/apps/v1/Deployment/team-a/web\n",
                       0),
            0u)
      << diff;
}

TEST(PresentDiff, NamesTheWorkingTree) {
  Report report = sample_report();
  report.source.revision = "";
  report.source.commit = "";
  report.changes.objects = {updated_deployment()};
  EXPECT_NE(present_diff(report, false).find("+++ working-tree/apps/v1/Deployment/team-a/web\n"),
            std::string::npos);
}

TEST(PresentDiff, DoesNotRepeatARevisionTypedAsASha) {
  Report report = sample_report();
  report.source.revision = "1a2b3c4d";
  report.changes.objects = {updated_deployment()};
  EXPECT_NE(present_diff(report, false).find("+++ 1a2b3c4/apps/v1/Deployment/team-a/web\n"),
            std::string::npos);
}

TEST(PresentDiff, ListsUnreadableObjectsBeforeTheSummary) {
  Report report = sample_report();
  report.changes.objects = {unreadable_cron_job(), unchanged_service_account()};
  EXPECT_EQ(present_diff(report, false),
            "! unreadable: batch/v1 CronJob team-a/report: cannot list 'cronjobs.batch' in "
            "namespace 'team-a': forbidden for user 'dev'\n"
            "0 to create, 0 to update, 0 to delete, 1 unchanged, 1 unreadable\n");
}

TEST(PresentDiff, ColoursOnlyWhenAsked) {
  EXPECT_EQ(present_diff(sample_report(), false).find('\033'), std::string::npos);
  std::string coloured = present_diff(sample_report(), true);
  EXPECT_NE(coloured.find("\033[1m--- live/apps/v1/Deployment/team-a/web\033[0m\n"),
            std::string::npos);
  EXPECT_NE(coloured.find("\033[31m-  replicas: 2\033[0m\n"), std::string::npos);
  EXPECT_NE(coloured.find("\033[32m+  replicas: 3\033[0m\n"), std::string::npos);
}

TEST(PresentMarkdown, SaysNoDifferencesWhenNothingChanged) {
  EXPECT_EQ(present_markdown(unchanged_report(12)),
            "### kubectl gitdiff: 0 to create, 0 to update, 0 to delete, 12 unchanged\n"
            "\n"
            "No differences.\n");
}

TEST(PresentMarkdown, EscapesPipesInTableCells) {
  Report report = sample_report();
  ObjectChange change = created_config_map();
  change.source = "envs/a|b.yaml:1";
  report.changes.objects = {change};
  EXPECT_NE(present_markdown(report).find("| create | `v1 ConfigMap team-a/web-config` | "
                                          "`envs/a\\|b.yaml:1` |\n"),
            std::string::npos);
}

TEST(PresentMarkdown, FencesDiffsThatHoldBackticks) {
  Report report = sample_report();
  ObjectChange change = created_config_map();
  (*change.after)["data"]["README.md"] = "```sh\nmake\n```\n";
  report.changes.objects = {change};
  std::string markdown = present_markdown(report);
  EXPECT_NE(markdown.find("\n````diff\n"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("\n````\n\n</details>\n"), std::string::npos) << markdown;
}

TEST(PresentSummary, NamesClusterScopedObjectsWithoutNamespace) {
  Report report = sample_report();
  ObjectChange change = created_config_map();
  change.id = {"", "Namespace", "", "team-b"};
  report.changes.objects = {change};
  EXPECT_EQ(present_summary(report),
            "create v1 Namespace team-b\n"
            "1 to create, 0 to update, 0 to delete, 0 unchanged\n");
}

TEST(PresentJson, ParsesBackWithTheDocumentedKeys) {
  std::string text = present_json(sample_report_with_a_hook());
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  auto document = nlohmann::ordered_json::parse(text);

  auto keys_of = [](const nlohmann::ordered_json& object) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : object.items()) {
      keys.push_back(key);
    }
    return keys;
  };
  using Keys = std::vector<std::string>;
  EXPECT_EQ(keys_of(document),
            (Keys{"apiVersion", "kind", "source", "target", "summary", "objects", "hooks"}));
  EXPECT_EQ(document["apiVersion"], "gitops.kubectl.dev/v1");
  EXPECT_EQ(document["kind"], "DiffReport");
  EXPECT_EQ(keys_of(document["source"]), (Keys{"repository", "revision", "commit", "paths"}));
  EXPECT_EQ(keys_of(document["target"]), (Keys{"type", "context", "server"}));
  EXPECT_EQ(document["target"]["type"], "cluster");
  EXPECT_EQ(keys_of(document["summary"]),
            (Keys{"create", "update", "delete", "unchanged", "unreadable"}));
  EXPECT_EQ(document["summary"]["unchanged"], 1);

  const auto& objects = document["objects"];
  ASSERT_EQ(objects.size(), 4u);  // the unchanged ServiceAccount is only counted
  Keys object_keys{"group", "version", "kind", "namespace", "name", "action", "source", "changes"};
  const auto& deployment = objects[2];
  EXPECT_EQ(keys_of(deployment), object_keys);
  EXPECT_EQ(deployment["group"], "apps");
  EXPECT_EQ(deployment["version"], "v1");
  EXPECT_EQ(deployment["action"], "update");
  ASSERT_EQ(deployment["changes"].size(), 2u);
  EXPECT_EQ(keys_of(deployment["changes"][0]), (Keys{"path", "before", "after"}));
  EXPECT_EQ(deployment["changes"][0]["after"], 3);

  const auto& cron_job = objects[3];
  object_keys.push_back("reason");
  EXPECT_EQ(keys_of(cron_job), object_keys);
  EXPECT_EQ(cron_job["action"], "unreadable");

  ASSERT_EQ(document["hooks"].size(), 1u);
  const auto& hook = document["hooks"][0];
  EXPECT_EQ(keys_of(hook), (Keys{"group", "version", "kind", "namespace", "name", "generateName",
                                 "phases", "source"}));
  EXPECT_EQ(hook["phases"][0], "pre-sync");
  EXPECT_EQ(hook["generateName"], true);
}

TEST(PresentJson, OmitsTheAbsentSideOfAFieldChange) {
  Report report = sample_report();
  ObjectChange change = updated_deployment();
  change.fields = {{"spec.paused", std::nullopt, Value(true)},
                   {"spec.minReadySeconds", Value(5), std::nullopt}};
  report.changes.objects = {change};
  auto changes = nlohmann::json::parse(present_json(report))["objects"][0]["changes"];
  EXPECT_FALSE(changes[0].contains("before"));
  EXPECT_EQ(changes[0]["after"], true);
  EXPECT_EQ(changes[1]["before"], 5);
  EXPECT_FALSE(changes[1].contains("after"));
}

TEST(PresentJson, DescribesARevisionTarget) {
  auto target = nlohmann::ordered_json::parse(present_json(revision_report()))["target"];
  EXPECT_EQ(target.dump(), R"({"type":"revision","revision":"main~1",)"
                           R"("commit":"9f8e7d6c5b4a39281706f5e4d3c2b1a098f7e6d5"})");
}

// The comparer masks Secret values before anything leaves it; presenters print only what the
// Report holds, so a masked Secret stays masked in every format, and its changed key still shows.
TEST(Present, SecretValuesAppearOnlyMasked) {
  Report report = secret_report();
  std::string diff = present_diff(report, false);
  EXPECT_NE(diff.find("-  password: \"*** (before)\"\n+  password: \"*** (after)\"\n"),
            std::string::npos)
      << diff;
  EXPECT_NE(diff.find("   username: \"***\"\n"), std::string::npos) << diff;
  EXPECT_NE(present_markdown(report).find("+  password: \"*** (after)\"\n"), std::string::npos);
  EXPECT_EQ(present_summary(report),
            "update v1 Secret team-a/db-credentials\n"
            "0 to create, 1 to update, 0 to delete, 0 unchanged\n");
  auto change = nlohmann::json::parse(present_json(report))["objects"][0]["changes"][0];
  EXPECT_EQ(change.dump(),
            R"json({"after":"*** (after)","before":"*** (before)","path":"data.password"})json");
}

}  // namespace
}  // namespace gitops::diff
