// Shell completion as a shell gets it: through `kubectl __complete <plugin> ...`, which finds
// kubectl_complete-<plugin> on PATH (the build's plugins/ folder) and relays its answer.

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "fixture.hpp"

namespace gitops::testing {
namespace {

// The candidates kubectl prints, without its directive line.
struct Completion {
  std::vector<std::string> candidates;
  std::string directive;  // ":4"
};

Completion kubectl_complete(const std::string& words, const std::filesystem::path& cwd = ".") {
  const auto result =
      shell("PATH=" + shell_quote(GITOPS_BIN_DIR) + ":\"$PATH\" kubectl __complete " + words, cwd);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  Completion completion;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with(":")) {
      completion.directive = line;
    } else if (!line.empty()) {
      completion.candidates.push_back(line);
    }
  }
  return completion;
}

bool has(const Completion& completion, const std::string& candidate) {
  return std::find(completion.candidates.begin(), completion.candidates.end(), candidate) !=
         completion.candidates.end();
}

TEST(Completion, ListsTheOutputFormatsOfGitdiff) {
  const auto completion = kubectl_complete("gitdiff -o ''");
  EXPECT_EQ(completion.candidates,
            (std::vector<std::string>{"diff", "json", "markdown", "summary"}));
  EXPECT_EQ(completion.directive, ":4");
}

TEST(Completion, ListsFlagNamesByPrefix) {
  const auto completion = kubectl_complete("gitsync --force");
  EXPECT_EQ(completion.candidates, std::vector<std::string>{"--force-conflicts"});
}

TEST(Completion, ListsBranchesAndTagsForRev) {
  TempRepo repo;
  repo.write("app/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  repo.commit("first");
  repo.git("branch release-candidate");
  repo.git("tag v9.9.9");
  const auto completion = kubectl_complete("gitdiff --rev ''", repo.path());
  EXPECT_TRUE(has(completion, "release-candidate"))
      << ::testing::PrintToString(completion.candidates);
  EXPECT_TRUE(has(completion, "main"));
  EXPECT_TRUE(has(completion, "v9.9.9"));
  EXPECT_EQ(completion.directive, ":4");
  const auto range = kubectl_complete("gitdiff --rev main..rel", repo.path());
  EXPECT_EQ(range.candidates, std::vector<std::string>{"main..release-candidate"});
}

TEST(Completion, LeavesPathsToTheShell) {
  const auto completion = kubectl_complete("gitdiff envs/");
  EXPECT_TRUE(completion.candidates.empty());
  EXPECT_EQ(completion.directive, ":0");
}

// An app is what gitsync recorded: a ConfigMap in gitops-system with its labels.
TEST(Completion, ListsAppsRecordedInTheCluster) {
  const std::string app = unique_name("completion-app");
  kubectl("apply",
          "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: gitops-system\n---\n"
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gitsync-" +
              app +
              "\n  namespace: gitops-system\n  labels:\n"
              "    app.kubernetes.io/managed-by: kubectl-gitsync\n"
              "    gitops.kubectl.dev/app: " +
              app + "\n");
  const auto completion = kubectl_complete("gitdiff --app ''");
  EXPECT_TRUE(has(completion, app)) << ::testing::PrintToString(completion.candidates);
  EXPECT_EQ(completion.directive, ":4");
  EXPECT_TRUE(has(kubectl_complete("gitrevert --app " + app.substr(0, 16)), app));
  kubectl("delete configmap gitsync-" + app + " --namespace gitops-system");
}

}  // namespace
}  // namespace gitops::testing
