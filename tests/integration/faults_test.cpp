// Faults injected while the plugins run (issue 14): a sync killed at every phase boundary in turn,
// the API server stopped in the middle of a sync, of a diff and of a promotion's --verify-source,
// the control plane killed mid-sync and restarted on its data, the
// kubectl proxy killed mid-read, and requests delayed past --request-timeout. After each: one
// clear error (a killed run has none to give), and a rerun converges with nothing forgotten or
// wrongly pruned.
//
// The runs are stopped at their fault points (GITOPS_TEST_STOP_AT, util/fault_point.hpp), so the
// fault lands at that very moment, not whenever a timer fires. "Stopped" for the API server means
// frozen (SIGSTOP, then SIGCONT), the harder case for a client, which gets no refusal, only
// silence; "killed and restarted" is a SIGKILL, then the harness started again on its etcd data,
// port, certificates and tokens (local-cluster.sh restart).

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fixture.hpp"

extern char** environ;

namespace gitops::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// The state letter of a process from /proc ('T' stopped, 'Z' zombie); 0 when it is gone.
char state_of(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line) || line.rfind(')') == std::string::npos)
    return 0;
  return line[line.rfind(')') + 2];
}

// The processes whose parent is `parent`.
std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> children;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const auto name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos)
      continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line) || line.rfind(')') == std::string::npos)
      continue;
    std::istringstream rest(line.substr(line.rfind(')') + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent)
      children.push_back(std::stoi(name));
  }
  return children;
}

// A plugin run in the background, so that a test can act while it is stopped at a fault point.
class Background {
 public:
  Background(const std::string& plugin, const std::vector<std::string>& args, const fs::path& cwd,
             const std::string& environment)
      : out_(cwd / ".git" / unique_name("out")), err_(cwd / ".git" / unique_name("err")) {
    std::string command = "cd " + shell_quote(cwd.string()) + " && exec env " + environment + " " +
                          shell_quote(std::string(GITOPS_BIN_DIR) + "/kubectl-" + plugin);
    for (const auto& arg : args)
      command += " " + shell_quote(arg);
    command +=
        " >" + shell_quote(out_.string()) + " 2>" + shell_quote(err_.string()) + " </dev/null";
    const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
    EXPECT_EQ(posix_spawn(&pid_, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ),
              0);
  }
  ~Background() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  pid_t pid() const { return pid_; }

  // Waits (up to two minutes: a sanitized build on a busy machine is slow) until the run stops at
  // its fault point; false when it ended or never got there.
  bool wait_until_stopped() const {
    for (int i = 0; i < 1200; ++i) {
      const char state = state_of(pid_);
      if (state == 'T' || state == 't')
        return true;
      if (state == 0 || state == 'Z')
        return false;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }

  void resume() const { ::kill(pid_, SIGCONT); }

  RunResult finish() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    RunResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::ifstream out(out_), err(err_);
    std::stringstream out_text, err_text;
    out_text << out.rdbuf();
    err_text << err.rdbuf();
    result.out = out_text.str();
    result.err = err_text.str();
    return result;
  }

 private:
  fs::path out_, err_;
  pid_t pid_ = -1;
};

// One clear error: exit 2 (not a signal, not an internal error), one line naming the plugin.
void expect_one_clear_error(const RunResult& result, const std::string& plugin,
                            const std::string& culprit) {
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.err.rfind("kubectl-" + plugin + ": error: ", 0), 0u) << result.err;
  EXPECT_EQ(lines_of(result.err), 1) << result.err;
  EXPECT_NE(result.err.find(culprit), std::string::npos) << result.err;
}

// A test's app on a cluster: its own namespace and record namespace, a repository, and the
// objects of two revisions: v1 declares `kept` and `dropped`, v2 changes `kept`, adds `added`
// and drops `dropped`. `bystander` lives in the namespace but belongs to no app.
class AppUnderFault : public ClusterTest {
 protected:
  AppUnderFault() : ClusterTest("fault"), app_(unique_name("app")) {}

  std::vector<std::string> with_app(std::vector<std::string> args) const {
    args.insert(args.end(), {"--app", app_, "--record-namespace", records_});
    if (!kubeconfig_.empty())
      args.insert(args.end(), {"--kubeconfig", kubeconfig_});
    return args;
  }
  RunResult gitsync(const std::vector<std::string>& args) {
    return run_plugin("gitsync", with_app(args), repo_.path());
  }
  RunResult kubectl_here(const std::string& args, bool check = true) const {
    return kubectl(
        (kubeconfig_.empty() ? "" : "--kubeconfig " + shell_quote(kubeconfig_) + " ") + args, "",
        check);
  }
  std::string value_of(const std::string& name) const {
    return kubectl_here("get configmap " + name + " -n " + ns_ + " -o jsonpath={.data.key}", false)
        .out;
  }
  bool exists(const std::string& name) const {
    return kubectl_here("get configmap " + name + " -n " + ns_ + " -o name", false).exit_code == 0;
  }
  std::vector<std::string> recorded_names() const {
    const auto record =
        kubectl_here("get configmap gitsync-" + app_ + " -n " + records_ + " -o json", false);
    if (record.exit_code != 0)
      return {};
    std::vector<std::string> names;
    for (const auto& object : nlohmann::json::parse(
             nlohmann::json::parse(record.out)["data"]["objects.json"].get<std::string>()))
      names.push_back(object["name"].get<std::string>());
    std::sort(names.begin(), names.end());
    return names;
  }

  // v1 synced, v2 committed and not yet synced; returns v2's SHA.
  std::string synced_v1_committed_v2() {
    kubectl_here("create namespace " + ns_, false);
    kubectl_here("create configmap bystander -n " + ns_ + " --from-literal=key=mine");
    repo_.write("app/kept.yaml", config_map(ns_, "kept", "1"));
    repo_.write("app/dropped.yaml", config_map(ns_, "dropped", "1"));
    repo_.commit("v1");
    const auto first = gitsync({"app", "--prune"});
    EXPECT_EQ(first.exit_code, 0) << first.err;
    repo_.write("app/kept.yaml", config_map(ns_, "kept", "2"));
    repo_.write("app/added.yaml", config_map(ns_, "added", "1"));
    repo_.remove("app/dropped.yaml");
    return repo_.commit("v2");
  }

  // After a rerun: v2 applied, v1's dropped object pruned, the bystander kept, the record exact,
  // the lock released.
  void expect_converged_on_v2() const {
    EXPECT_EQ(value_of("kept"), "2");
    EXPECT_TRUE(exists("added"));
    EXPECT_FALSE(exists("dropped")) << "forgotten: a later sync can no longer prune it";
    EXPECT_EQ(value_of("bystander"), "mine") << "wrongly pruned";
    EXPECT_EQ(recorded_names(), (std::vector<std::string>{"added", "kept"}));
    EXPECT_NE(kubectl_here("get lease gitsync-" + app_ + " -n " + records_, false).exit_code, 0)
        << "the lock was not released";
  }

  std::string app_;
  std::string kubeconfig_;  // "" for the shared cluster
};

// --- a sync killed at every phase boundary in turn ---

class SyncKilledAt : public AppUnderFault, public ::testing::WithParamInterface<std::string> {};

TEST_P(SyncKilledAt, ForgetsNothingAndARerunConverges) {
  synced_v1_committed_v2();
  const auto killed = run_plugin("gitsync", with_app({"app", "--prune"}), repo_.path(),
                                 "GITOPS_TEST_DIE_AT=" + GetParam());
  // Killed, with nothing said: an error (exit 2) would mean it never reached the point.
  EXPECT_NE(killed.exit_code, 0) << killed.err;
  EXPECT_NE(killed.exit_code, 2) << "never reached '" << GetParam() << "'\n" << killed.err;
  const auto rerun = gitsync({"app", "--prune"});
  EXPECT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
  expect_converged_on_v2();
}

INSTANTIATE_TEST_SUITE_P(EveryPhaseBoundary, SyncKilledAt,
                         ::testing::Values("locked", "recorded-union", "applied", "pruned"),
                         [](const auto& info) {
                           auto name = info.param;
                           name.erase(std::remove(name.begin(), name.end(), '-'), name.end());
                           return name;
                         });

// --- the kubectl proxy killed mid-read ---

TEST_F(AppUnderFault, KubectlProxyKilledMidSyncIsOneErrorAndARerunConverges) {
  synced_v1_committed_v2();
  Background sync("gitsync", with_app({"app", "--prune"}), repo_.path(),
                  "GITOPS_TEST_STOP_AT=recorded-union");
  ASSERT_TRUE(sync.wait_until_stopped()) << sync.finish().err;
  const auto proxies = children_of(sync.pid());
  ASSERT_FALSE(proxies.empty()) << "no kubectl proxy runs under the sync";
  for (const auto proxy : proxies)
    ::kill(proxy, SIGKILL);
  sync.resume();
  expect_one_clear_error(sync.finish(), "gitsync", "kubectl proxy");
  EXPECT_EQ(value_of("kept"), "1") << "applied through a dead proxy?";
  const auto rerun = gitsync({"app", "--prune"});
  EXPECT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
  expect_converged_on_v2();
}

TEST_F(AppUnderFault, KubectlProxyKilledMidDiffIsOneError) {
  synced_v1_committed_v2();
  Background diff("gitdiff", with_app({"app", "-o", "summary"}), repo_.path(),
                  "GITOPS_TEST_STOP_AT=discovered");
  ASSERT_TRUE(diff.wait_until_stopped()) << diff.finish().err;
  for (const auto proxy : children_of(diff.pid()))
    ::kill(proxy, SIGKILL);
  diff.resume();
  expect_one_clear_error(diff.finish(), "gitdiff", "kubectl proxy");
  const auto rerun = run_plugin("gitdiff", with_app({"app", "-o", "summary"}), repo_.path());
  EXPECT_EQ(rerun.exit_code, 1) << rerun.err;
  EXPECT_NE(rerun.out.find("delete v1 ConfigMap " + ns_ + "/dropped"), std::string::npos)
      << rerun.out;
}

// --- the API server stopped in the middle of a run ---

// A lean cluster of its own (the API server alone), which the test may freeze.
class PrivateCluster {
 public:
  explicit PrivateCluster(const std::string& flags = "") : dir_(make_dir()) {
    const auto up =
        shell(script() + " up --lean " + flags + " --dir " + shell_quote(dir_.string()));
    EXPECT_EQ(up.exit_code, 0) << up.err;
    std::ifstream(dir_ / "pid") >> pid_;
  }
  ~PrivateCluster() {
    thaw();
    shell(script() + " down --dir " + shell_quote(dir_.string()));
  }

  std::string kubeconfig() const { return (dir_ / "kubeconfig").string(); }
  void freeze() const { ::kill(pid_, SIGSTOP); }
  void thaw() const {
    if (pid_ > 0)
      ::kill(pid_, SIGCONT);
  }

  // Kills the control plane as a crash would (SIGKILL); its state (etcd data, port, certificates,
  // tokens) stays for restart().
  void crash() {
    ::kill(pid_, SIGKILL);
    for (int i = 0; i < 200 && state_of(pid_) != 0 && state_of(pid_) != 'Z'; ++i)
      std::this_thread::sleep_for(50ms);
    pid_ = 0;
  }
  // Starts it again on its state; the kubeconfig stays valid.
  void restart() {
    const auto restarted = shell(script() + " restart --dir " + shell_quote(dir_.string()));
    ASSERT_EQ(restarted.exit_code, 0) << restarted.err;
    std::ifstream(dir_ / "pid") >> pid_;
  }

 private:
  static fs::path make_dir() { return fs::temp_directory_path() / unique_name("fault-cluster"); }
  static std::string script() {
    return shell_quote(std::string(GITOPS_SOURCE_DIR) + "/scripts/local-cluster.sh");
  }

  fs::path dir_;
  pid_t pid_ = 0;
};

class ApiServerStopped : public AppUnderFault {
 protected:
  // The namespaces live and die with the private cluster.
  void SetUp() override { kubeconfig_ = cluster_.kubeconfig(); }
  void TearDown() override {}

  // Runs the plugin until its fault point, freezes the API server, lets the run meet it, then
  // thaws the server; returns what the run said.
  RunResult run_through_a_frozen_server(const std::string& plugin,
                                        const std::vector<std::string>& args,
                                        const std::string& point) {
    Background run(plugin, args, repo_.path(), "GITOPS_TEST_STOP_AT=" + point);
    EXPECT_TRUE(run.wait_until_stopped()) << "never reached '" << point << "'";
    cluster_.freeze();
    run.resume();
    auto result = run.finish();
    cluster_.thaw();
    return result;
  }

  PrivateCluster cluster_;
};

TEST_F(ApiServerStopped, MidSyncIsOneErrorAndARerunConverges) {
  synced_v1_committed_v2();
  const auto stopped = run_through_a_frozen_server(
      "gitsync", with_app({"app", "--prune", "--request-timeout", "2s"}), "recorded-union");
  expect_one_clear_error(stopped, "gitsync", "did not answer within");
  const auto rerun = gitsync({"app", "--prune"});
  EXPECT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
  expect_converged_on_v2();
}

TEST_F(ApiServerStopped, MidDiffIsOneError) {
  synced_v1_committed_v2();
  const auto stopped = run_through_a_frozen_server(
      "gitdiff", with_app({"app", "-o", "summary", "--request-timeout", "2s"}), "discovered");
  expect_one_clear_error(stopped, "gitdiff", "did not answer within");
  const auto rerun = run_plugin("gitdiff", with_app({"app", "-o", "summary"}), repo_.path());
  EXPECT_EQ(rerun.exit_code, 1) << rerun.err;
  EXPECT_NE(rerun.out.find("create v1 ConfigMap " + ns_ + "/added"), std::string::npos)
      << rerun.out;
}

TEST_F(ApiServerStopped, MidPromotionVerifySourceIsOneErrorAndCommitsNothing) {
  synced_v1_committed_v2();
  repo_.write("prod/kept.yaml", config_map(ns_, "kept", "1"));
  repo_.commit("prod");
  ASSERT_EQ(gitsync({"app", "--prune"}).exit_code, 0);  // the source synced at HEAD
  const auto head = repo_.git("rev-parse HEAD").out;
  const std::vector<std::string> promote{"--from",
                                         "app",
                                         "--to",
                                         "prod",
                                         "--files",
                                         "*.yaml",
                                         "--verify-source",
                                         "--source-app",
                                         app_,
                                         "--record-namespace",
                                         records_,
                                         "--kubeconfig",
                                         kubeconfig_};
  auto timed = promote;
  timed.insert(timed.end(), {"--request-timeout", "2s"});
  const auto stopped = run_through_a_frozen_server("gitpromote", timed, "discovered");
  expect_one_clear_error(stopped, "gitpromote", "did not answer within");
  EXPECT_EQ(repo_.git("rev-parse HEAD").out, head) << "committed without a verified source";
  EXPECT_FALSE(fs::exists(repo_.path() / "prod" / "added.yaml"));
  const auto rerun = run_plugin("gitpromote", promote, repo_.path());
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(repo_.read("prod/kept.yaml"), config_map(ns_, "kept", "2"));
}

// The control plane killed (etcd and API server at once, as a crashed node) after the apply, so
// the prune and the record meet no server; restarted on its data, a rerun finishes the job.
TEST_F(ApiServerStopped, KilledMidSyncAndRestartedIsOneErrorAndARerunConverges) {
  synced_v1_committed_v2();
  Background sync("gitsync", with_app({"app", "--prune", "--request-timeout", "2s"}), repo_.path(),
                  "GITOPS_TEST_STOP_AT=applied");
  ASSERT_TRUE(sync.wait_until_stopped()) << sync.finish().err;
  cluster_.crash();
  sync.resume();
  const auto crashed = sync.finish();
  EXPECT_EQ(crashed.exit_code, 2) << crashed.err;
  EXPECT_EQ(crashed.err.rfind("kubectl-gitsync: error: ", 0), 0u) << crashed.err;
  EXPECT_EQ(lines_of(crashed.err), 1) << crashed.err;
  cluster_.restart();
  EXPECT_EQ(value_of("kept"), "2") << "the restarted server lost what was applied";
  const auto rerun = gitsync({"app", "--prune"});
  EXPECT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
  expect_converged_on_v2();
}

// --- the disk full ---

// A tmpfs of 256 KiB, mounted for the test and filled to the last byte.
class FullDisk {
 public:
  FullDisk() : dir_(fs::temp_directory_path() / unique_name("full-disk")) {
    fs::create_directories(dir_);
    const auto mounted = shell("mount -t tmpfs -o size=256k tmpfs " + shell_quote(dir_.string()) +
                               " && mkdir " + shell_quote((dir_ / "cache").string()) +
                               " && { dd if=/dev/zero of=" + shell_quote((dir_ / "fill").string()) +
                               " bs=4k 2>/dev/null; true; }");
    EXPECT_EQ(mounted.exit_code, 0) << "the test needs root to mount a tmpfs: " << mounted.err;
  }
  ~FullDisk() {
    shell("umount -l " + shell_quote(dir_.string()));
    fs::remove_all(dir_);
  }
  // The environment that puts a run's temporary files and caches on the full disk.
  std::string environment() const {
    return "TMPDIR=" + shell_quote(dir_.string()) +
           " XDG_CACHE_HOME=" + shell_quote((dir_ / "cache").string());
  }

 private:
  fs::path dir_;
};

// What a sync writes locally (a kustomization's exported tree) fails with one error and nothing
// applied; caches are only a help, and the record lives in the cluster, so a sync that needs no
// local files succeeds on a full disk.
TEST_F(AppUnderFault, DiskFullIsOneErrorBeforeAnyWriteAndARerunConverges) {
  synced_v1_committed_v2();
  repo_.write("app/kustomization.yaml", "resources:\n- kept.yaml\n- added.yaml\n");
  repo_.commit("v2 as a kustomization");
  const FullDisk disk;
  const auto full =
      run_plugin("gitsync", with_app({"app", "--prune"}), repo_.path(), disk.environment());
  expect_one_clear_error(full, "gitsync", "No space left on device");
  EXPECT_EQ(value_of("kept"), "1") << "applied what could not be rendered?";
  EXPECT_TRUE(exists("dropped")) << "pruned what could not be rendered?";
  const auto rerun = gitsync({"app", "--prune"});
  EXPECT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err;
  expect_converged_on_v2();
}

TEST_F(AppUnderFault, DiskFullDoesNotStopASyncThatWritesNothingLocally) {
  synced_v1_committed_v2();
  const FullDisk disk;
  const auto full =
      run_plugin("gitsync", with_app({"app", "--prune"}), repo_.path(), disk.environment());
  EXPECT_EQ(full.exit_code, 0) << full.err;
  expect_converged_on_v2();
}

// --- requests delayed past --request-timeout ---

TEST(RequestsDelayed, PastTheRequestTimeoutAreOneErrorAndChangeNothing) {
  PrivateCluster slow("--latency 8s");
  TempRepo repo;
  repo.write("app/settings.yaml", config_map("default", "settings", "1"));
  repo.commit("v1");
  const auto records = unique_name("records");
  for (const std::string plugin : {"gitdiff", "gitsync"}) {
    const auto result = run_plugin(plugin,
                                   {"app", "--kubeconfig", slow.kubeconfig(), "--request-timeout",
                                    "1s", "--app", "slow", "--record-namespace", records},
                                   repo.path());
    expect_one_clear_error(result, plugin, "did not answer within 6s");
  }
  const auto direct = shell(
      "kubectl --kubeconfig " +
      shell_quote(fs::path(slow.kubeconfig()).parent_path().string() + "/controlplane.kubeconfig") +
      " get configmap settings -n default -o name");
  EXPECT_NE(direct.exit_code, 0) << "a sync past its timeout applied: " << direct.out;
}

}  // namespace
}  // namespace gitops::testing
