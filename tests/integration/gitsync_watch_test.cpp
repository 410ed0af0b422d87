// The agent (gitsync --watch) against the local cluster, with a bare repository as the remote:
// pushes are synced within an interval, drift is healed or reported, fights stop, SIGTERM ends it.

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "fixture.hpp"

namespace gitops::testing {
namespace {

using namespace std::chrono_literals;

// A command run in the background, its stdout and stderr in files, stopped with SIGTERM.
class Background {
 public:
  Background(const std::string& command, const std::filesystem::path& cwd)
      : out_(std::filesystem::temp_directory_path() / unique_name("watch-out")),
        err_(std::filesystem::temp_directory_path() / unique_name("watch-err")) {
    pid_ = fork();
    if (pid_ == 0) {
      if (chdir(cwd.c_str()) != 0)
        _exit(127);
      setpgid(0, 0);  // its own group: the stop reaches what it started (a shell loop's kubectl)
      const auto line = "exec " + command + " >" + shell_quote(out_.string()) + " 2>" +
                        shell_quote(err_.string());
      execl("/bin/sh", "sh", "-c", line.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~Background() {
    if (pid_ > 0) {
      kill(-pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    std::error_code ignored;
    std::filesystem::remove(out_, ignored);
    std::filesystem::remove(err_, ignored);
  }

  std::string out() const { return read(out_); }
  std::string err() const { return read(err_); }

  // Waits until stdout holds `text` `times` times; false when `limit` passes first.
  bool wait_for(const std::string& text, std::chrono::seconds limit, int times = 1) const {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      if (count(text) >= times)
        return true;
      std::this_thread::sleep_for(200ms);
    }
    return false;
  }

  int count(const std::string& text) const {
    const auto all = out();
    int found = 0;
    for (auto at = all.find(text); at != std::string::npos; at = all.find(text, at + 1))
      ++found;
    return found;
  }

  // SIGTERM to the program itself; its exit code, or -1 when it did not exit within 60 s.
  int stop() {
    kill(pid_, SIGTERM);
    for (int i = 0; i < 600; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(100ms);
    }
    return -1;
  }

 private:
  static std::string read(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  pid_t pid_ = -1;
  std::filesystem::path out_, err_;
};

std::string config_map(const std::string& ns, const std::string& value) {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: " + ns +
         "\ndata:\n  mode: " + value + "\n";
}

class GitSyncWatch : public ClusterTest {
 protected:
  GitSyncWatch() : ClusterTest("gwa") {}

  void SetUp() override {
    ClusterTest::SetUp();
    remote_ = std::filesystem::temp_directory_path() / unique_name("remote");
    clone_ = std::filesystem::temp_directory_path() / unique_name("clone");
    ASSERT_EQ(shell("git init -q --bare -b main " + shell_quote(remote_.string())).exit_code, 0);
    publish("settings.yaml", config_map(ns_, "blue"));
    ASSERT_EQ(
        shell("git clone -q " + shell_quote(remote_.string()) + " " + shell_quote(clone_.string()))
            .exit_code,
        0);
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(remote_, ignored);
    std::filesystem::remove_all(clone_, ignored);
    ClusterTest::TearDown();
  }

  // A developer's commit, pushed to the remote.
  std::string publish(const std::string& file, const std::string& content) {
    repo_.write("app/" + file, content);
    const auto sha = repo_.commit(file);
    const auto pushed = repo_.git("push -q " + shell_quote(remote_.string()) + " HEAD:main");
    EXPECT_EQ(pushed.exit_code, 0) << pushed.err;
    return sha;
  }

  // The agent on the clone, one round a second.
  std::unique_ptr<Background> agent(const std::string& flags) {
    return std::make_unique<Background>(
        shell_quote(std::string(GITOPS_BIN_DIR) + "/kubectl-gitsync") +
            " app --watch --branch main --interval 1s --app " + app_ + " --record-namespace " +
            records_ + " " + flags,
        clone_);
  }

  std::string mode() {
    return kubectl("get configmap settings -n " + ns_ + " -o jsonpath={.data.mode}").out;
  }

  std::filesystem::path remote_, clone_;
  std::string app_ = unique_name("app");
};

TEST_F(GitSyncWatch, PushIsSyncedWithinAnIntervalAndDriftIsHealed) {
  auto watching = agent("--self-heal");
  ASSERT_TRUE(watching->wait_for(" SyncSucceeded: synced ", 60s))
      << watching->out() << watching->err();
  EXPECT_EQ(mode(), "blue");

  const auto pushed = publish("settings.yaml", config_map(ns_, "green"));
  ASSERT_TRUE(watching->wait_for(" SyncSucceeded: synced " + pushed.substr(0, 7), 30s))
      << watching->out() << watching->err();
  EXPECT_EQ(mode(), "green");

  kubectl("patch configmap settings -n " + ns_ +
          " --type=merge -p '{\"data\":{\"mode\":\"red\"}}'");
  ASSERT_TRUE(
      watching->wait_for(" DriftCorrected: 1 object drifted from " + pushed.substr(0, 7), 30s))
      << watching->out() << watching->err();
  EXPECT_EQ(mode(), "green");

  EXPECT_EQ(watching->stop(), 0) << watching->err();
  EXPECT_EQ(watching->err().find("error"), std::string::npos) << watching->err();
}

TEST_F(GitSyncWatch, WithoutSelfHealDriftIsReportedOnceAndLeftAlone) {
  auto watching = agent("-o json");
  ASSERT_TRUE(watching->wait_for("\"reason\":\"SyncSucceeded\"", 60s))
      << watching->out() << watching->err();
  kubectl("patch configmap settings -n " + ns_ +
          " --type=merge -p '{\"data\":{\"mode\":\"red\"}}'");
  ASSERT_TRUE(watching->wait_for("\"reason\":\"DriftDetected\"", 30s))
      << watching->out() << watching->err();
  std::this_thread::sleep_for(3s);  // three more rounds that find the same drift
  EXPECT_EQ(watching->count("\"reason\":\"DriftDetected\""), 1) << watching->out();
  EXPECT_EQ(mode(), "red");
  EXPECT_EQ(watching->stop(), 0);
}

TEST_F(GitSyncWatch, FieldAnotherManagerKeepsChangingIsAFightReportedOnceAndNoLongerHealed) {
  publish("web.yaml",
          "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
          "  namespace: " +
              ns_ +
              "\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {app: web}\n"
              "  template:\n    metadata:\n      labels: {app: web}\n    spec:\n"
              "      containers:\n      - name: web\n        image: example.com/web:1\n");
  auto watching = agent("--self-heal");
  ASSERT_TRUE(watching->wait_for(" SyncSucceeded: synced ", 60s))
      << watching->out() << watching->err();
  // An autoscaler of sorts: sets replicas to 3 twice a second.
  Background fighter("sh -c " + shell_quote("while true; do kubectl scale deployment web -n " +
                                            ns_ + " --replicas=3 >/dev/null 2>&1; sleep 0.5; done"),
                     ".");
  ASSERT_TRUE(watching->wait_for("a fight, no longer healed", 90s))
      << watching->out() << watching->err();
  EXPECT_NE(watching->out().find("apps/Deployment " + ns_ +
                                 "/web spec.replicas is changed back after every heal by field "
                                 "manager 'kubectl"),
            std::string::npos)
      << watching->out();
  const auto corrected = watching->count(" DriftCorrected: ");
  std::this_thread::sleep_for(4s);
  EXPECT_EQ(watching->count(" DriftCorrected: "), corrected) << "healing must stop";
  EXPECT_EQ(watching->count("a fight, no longer healed"), 1) << watching->out();
  EXPECT_EQ(watching->stop(), 0);
}

}  // namespace
}  // namespace gitops::testing
