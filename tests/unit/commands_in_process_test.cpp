// The plugins' commands run in-process, as their mains run them: the streams are passed in, errors
// reach the one catch site, exit codes are what the programs return.

#include <gtest/gtest.h>

#include "run_command.hpp"
#include "scratch_git.hpp"

namespace gitops::testing {
namespace {

constexpr const char* kConfigMap = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  level: "%s"
)";

std::string config_map(const std::string& level) {
  std::string text = kConfigMap;
  text.replace(text.find("%s"), 2, level);
  return text;
}

TEST(CommandsInProcess, GitdiffComparesTwoRevisionsWithoutACluster) {
  ScratchGit repository;
  repository.write("envs/prod/settings.yaml", config_map("info"));
  repository.commit("first");
  repository.write("envs/prod/settings.yaml", config_map("debug"));
  repository.commit("second");

  const auto run =
      run_command("gitdiff", {"--repo", repository.root().string(), "--rev", "HEAD~1..HEAD", "-o",
                              "summary", (repository.root() / "envs/prod").string()});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.out.find("ConfigMap shop/settings"), std::string::npos) << run.out;
  EXPECT_EQ(run.err, "");
}

TEST(CommandsInProcess, GitdiffExitsZeroWhenTwoRevisionsAgree) {
  ScratchGit repository;
  repository.write("envs/prod/settings.yaml", config_map("info"));
  repository.commit("first");
  repository.write("README.md", "docs only\n");
  repository.commit("second");

  const auto run = run_command(
      "gitdiff", {"--repo", repository.root().string(), "--rev", "HEAD~1..HEAD", "-o", "json"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("\"kind\": \"DiffReport\""), std::string::npos) << run.out;
}

TEST(CommandsInProcess, ValidationErrorsReachTheOneCatchSiteBeforeAnythingIsRead) {
  const auto run = run_command("gitrevert", {"--list", "--to", "v1", "--app", "shop"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "kubectl-gitrevert: error: --to does not apply to --list\n");
}

TEST(CommandsInProcess, AnOutputFormatThePluginDoesNotWriteIsRefused) {
  const auto run = run_command("gitsync", {"-o", "markdown"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "kubectl-gitsync: error: unknown output format 'markdown' for --output (choose text, "
            "json)\n");
}

TEST(CommandsInProcess, PathsToAPluginThatTakesNoneAreRefused) {
  const auto run = run_command("gitpromote", {"envs/prod", "--to", "envs/prod"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "kubectl-gitpromote: error: unexpected argument 'envs/prod' (see 'kubectl gitpromote "
            "--help')\n");
}

TEST(CommandsInProcess, GitsyncAgentFlagsNeedWatchAndRefuseWhatTheyCannotDo) {
  EXPECT_EQ(run_command("gitsync", {"--self-heal", "--app", "shop"}).err,
            "kubectl-gitsync: error: --self-heal is a flag of the agent: add --watch\n");
  EXPECT_EQ(run_command("gitsync", {"--watch", "--apps", "apps.yaml", "--app", "shop"}).err,
            "kubectl-gitsync: error: --app does not apply to --apps\n");
  EXPECT_EQ(run_command("gitsync", {"--watch", "--dry-run"}).err,
            "kubectl-gitsync: error: --dry-run does not apply to --watch\n");
}

TEST(CommandsInProcess, GitsyncWaitOnADryRunAndABadTimeoutAreRefused) {
  const auto dry = run_command("gitsync", {"--dry-run", "--wait", "--app", "shop"});
  EXPECT_EQ(dry.err,
            "kubectl-gitsync: error: --dry-run changes nothing, so there is nothing to wait for: "
            "drop one of them\n");
  const auto bad = run_command("gitsync", {"--wait", "--timeout", "soon", "--app", "shop"});
  EXPECT_EQ(bad.err,
            "kubectl-gitsync: error: --timeout takes a duration such as 30s, 5m or 1m30s, not "
            "'soon'\n");
}

}  // namespace
}  // namespace gitops::testing
