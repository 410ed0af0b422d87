// What users read when something goes wrong (issue 17, "Errors"): one clear line on stderr naming
// what failed, and an exit code of 2 or more.

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "fixture.hpp"

namespace gitops::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// Whether the process is gone (or a zombie nobody reaped yet) within two seconds.
bool ends_soon(pid_t pid) {
  for (int i = 0; i < 200; ++i) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (::kill(pid, 0) != 0 || !std::getline(stat, line) ||
        line.substr(line.rfind(')') + 2, 1) == "Z")
      return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

// A namespace of its own for tests that reach the cluster, and a repository.
class Errors : public ClusterTest {
 protected:
  Errors() : ClusterTest("errors") {}

  RunResult gitsync(std::vector<std::string> args) {
    args.insert(args.end(), {"--app", unique_name("app"), "--record-namespace", records_});
    return run_plugin("gitsync", args, repo_.path());
  }
  bool recorded_anything() {
    return kubectl("get configmaps -n " + records_ + " -o name", "", false).out.find("gitsync-") !=
           std::string::npos;
  }
};

// 1. A kubectl that hangs is killed at the bound --request-timeout gives, with all it started.
TEST(KubectlBound, AKubectlThatHangsIsKilledAtTheBoundAndNamed) {
  TempRepo repo;
  repo.write("app/c.yaml", config_map("team-a", "a", "1"));
  repo.commit("v1");
  const auto pids = repo.path() / "kubectl.pids";
  const auto stand_in = repo.path() / "kubectl-that-hangs";
  repo.write("kubectl-that-hangs", "#!/bin/sh\necho $$ >> '" + pids.string() +
                                       "'\nsleep 100 &\necho $! >> '" + pids.string() +
                                       "'\nwait\n");
  fs::permissions(stand_in, fs::perms::owner_all);
  for (const std::string plugin : {"gitdiff", "gitsync"}) {
    fs::remove(pids);
    const auto start = Clock::now();
    auto result = run_plugin(
        plugin, {"--kubectl", stand_in.string(), "--request-timeout", "3s", "--app", "hang", "app"},
        repo.path());
    const auto elapsed = Clock::now() - start;
    EXPECT_LT(elapsed, 20s) << plugin;
    EXPECT_GE(result.exit_code, 2) << plugin;
    EXPECT_EQ(result.err.rfind(
                  "kubectl-" + plugin + ": error: kubectl did not answer within 8s: kubectl ", 0),
              0u)
        << result.err;
    EXPECT_EQ(lines_of(result.err), 1) << result.err;
    std::ifstream in(pids);
    int count = 0;
    for (pid_t pid; in >> pid; ++count)
      EXPECT_TRUE(ends_soon(pid)) << plugin << ": the stand-in's process " << pid << " still runs";
    EXPECT_GT(count, 0) << plugin << " never ran the stand-in";
  }
}

// 2. With -o json on stdout, a CI log still shows which objects the server refused.
TEST_F(Errors, GitsyncNamesRefusedObjectsOnStderr) {
  repo_.write("app/good.yaml", config_map(ns_, "good", "1"));
  repo_.write("app/bad.yaml",
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n"
              "  namespace: " +
                  ns_ + "\ndata:\n  \"not a valid key!\": x\n");
  repo_.commit("v1");
  auto result = gitsync({"app", "-o", "json"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  const std::string line = "kubectl-gitsync: error: cannot apply ConfigMap " + ns_ + "/bad: ";
  const auto at = ("\n" + result.err).find("\n" + line);  // at the start of a line
  ASSERT_NE(at, std::string::npos) << result.err;
  EXPECT_NE(result.err.find("not a valid key!", at), std::string::npos)
      << result.err;  // the server's reason
  EXPECT_EQ(result.err.find(ns_ + "/good"), std::string::npos) << result.err;
  EXPECT_EQ(nlohmann::json::parse(result.out)["result"], "failed");
}

// 3. A manifest linked into a folder reads as it does when named, at the same revision; a link
// that leaves the repository or loops is one clear line.
TEST_F(Errors, ALinkedManifestInAFolderIsRead) {
  repo_.write("base/settings.yaml", config_map(ns_, "settings", "1"));
  fs::create_directories(repo_.path() / "app");
  fs::create_symlink("../base/settings.yaml", repo_.path() / "app/settings.yaml");
  repo_.commit("v1");
  const std::string create = "create v1 ConfigMap " + ns_ + "/settings\n";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"app"}, {"app/settings.yaml"}, {"--worktree", "app"}}) {
    auto args_with_format = args;
    args_with_format.insert(args_with_format.end(), {"-o", "summary"});
    auto result = run_plugin("gitdiff", args_with_format, repo_.path());
    EXPECT_EQ(result.exit_code, 1) << args.back() << "\n" << result.err;
    EXPECT_EQ(result.out.rfind(create, 0), 0u) << args.back() << "\n" << result.out;
  }
  repo_.write("base/settings.yaml", config_map(ns_, "settings", "2"));
  repo_.commit("v2");
  auto revisions =
      run_plugin("gitdiff", {"--rev", "HEAD~1..HEAD", "app", "-o", "summary"}, repo_.path());
  EXPECT_EQ(revisions.exit_code, 1) << revisions.err;
  EXPECT_EQ(revisions.out.rfind("update v1 ConfigMap " + ns_ + "/settings\n", 0), 0u)
      << revisions.out;
}

TEST(SymbolicLinks, ALinkThatLoopsOrLeavesTheRepositoryIsOneClearLine) {
  TempRepo repo;
  fs::create_directories(repo.path() / "app");
  fs::create_symlink("loop.yaml", repo.path() / "loop.yaml");
  fs::create_symlink("../../outside.yaml", repo.path() / "app/outside.yaml");
  repo.commit("links");
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  for (const auto& [args, expected] : std::vector<Case>{
           {{"loop.yaml"}, "symbolic link to 'loop.yaml' leads into a loop"},
           {{"app"},
            "cannot read 'app/outside.yaml': symbolic link to '../../outside.yaml' "
            "leaves the repository"},
           {{"--worktree", "app"},
            "cannot read 'app/outside.yaml': symbolic link to "
            "'../../outside.yaml' leaves the repository"},
       }) {
    auto result = run_plugin("gitdiff", args, repo.path());
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_EQ(result.err.rfind("kubectl-gitdiff: error: cannot read '", 0), 0u) << result.err;
    EXPECT_NE(result.err.find(expected), std::string::npos) << result.err;
    EXPECT_EQ(lines_of(result.err), 1) << result.err;
  }
}

// 4. A List item that is not an object is an error, not a sync of nothing.
TEST_F(Errors, GitsyncRefusesAListItemThatIsNotAnObject) {
  repo_.write("app/list.yaml",
              "apiVersion: v1\nkind: List\nitems:\n"
              "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n    namespace: " +
                  ns_ + "\n- 42\n");
  repo_.commit("v1");
  auto result = gitsync({"app", "-o", "json"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.err,
            "kubectl-gitsync: error: cannot parse 'app/list.yaml' at line 9: List item 2 is a "
            "number, not an object\n");
  EXPECT_FALSE(recorded_anything());
}

// 5. A remote base that cannot be fetched is kustomize's failure, not the cluster's.
TEST(KustomizeErrors, ARemoteBaseThatCannotBeFetchedIsNamed) {
  TempRepo repo;
  repo.write("app/kustomization.yaml", "resources:\n- https://127.0.0.1:1/nothing\n");
  repo.commit("remote base");
  auto result = run_plugin("gitdiff", {"app"}, repo.path());
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.err.rfind("kubectl-gitdiff: error: cannot render the kustomization 'app': "
                             "cannot fetch the remote base 'https://127.0.0.1:1/nothing': ",
                             0),
            0u)
      << result.err;
  EXPECT_NE(result.err.find("connection refused"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("cannot reach the cluster"), std::string::npos) << result.err;
  EXPECT_EQ(lines_of(result.err), 1) << result.err;
}

// 6. A --kubeconfig that does not exist is named.
TEST(KubeconfigErrors, AMissingKubeconfigIsNamed) {
  TempRepo repo;
  repo.write("app/c.yaml", config_map("team-a", "a", "1"));
  repo.commit("v1");
  auto result = run_plugin("gitdiff", {"--kubeconfig", "/no/such", "app"}, repo.path());
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.err,
            "kubectl-gitdiff: error: cannot read kubeconfig '/no/such': no such file\n");
}

// 7. Bytes of a binary file show escaped, never raw, in the one line of the error.
TEST(ParseErrors, BytesOfABinaryFileShowEscaped) {
  TempRepo repo;
  repo.write("app/logo.yaml", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe", 18));
  repo.commit("a binary file");
  auto result = run_plugin("gitdiff", {"app"}, repo.path());
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.err,
            "kubectl-gitdiff: error: cannot parse 'app/logo.yaml' at line 2: control character "
            "U+001A is not allowed in YAML\n");
}

}  // namespace
}  // namespace gitops::testing
