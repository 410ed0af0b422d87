// kubectl gitpromote, the built binary, on real repositories with real history, pushing to real
// remotes on loopback (a bare repository by path, and git daemon on 127.0.0.1). No cluster needed.
// Each run gets a HOME of its own, so the user's git configuration cannot leak in; the identity
// comes from the repository's own config.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "fixture.hpp"
#include "util/base64.hpp"

namespace gitops::testing {
namespace {

namespace fs = std::filesystem;

std::string golden(const std::string& name) {
  std::ifstream in(std::string(GITOPS_TEST_DATA) + "/gitpromote/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string deployment(const std::string& name, const std::string& image) {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name +
         "  # keep this comment\nspec:\n  template:\n    spec:\n      containers:\n"
         "      - name: " +
         name + "\n        image: " + image + "\n";
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

// git daemon serving `base` on a free port of 127.0.0.1, pushes allowed; killed at the end.
class GitDaemon {
 public:
  explicit GitDaemon(const fs::path& base) : pid_file_(base / "daemon.pid") {
    port_ = free_port();
    auto started =
        shell("git daemon --reuseaddr --listen=127.0.0.1 --port=" + std::to_string(port_) +
              " --base-path=" + shell_quote(base.string()) +
              " --export-all --enable=receive-pack --detach --pid-file=" +
              shell_quote(pid_file_.string()) + " " + shell_quote(base.string()));
    EXPECT_EQ(started.exit_code, 0) << started.err;
    EXPECT_TRUE(wait_until_listening()) << "git daemon does not answer on port " << port_;
  }
  ~GitDaemon() {
    std::ifstream in(pid_file_);
    pid_t pid = 0;
    if (in >> pid && pid > 0)
      kill(pid, SIGTERM);
  }
  std::string url(const std::string& repository) const {
    return "git://127.0.0.1:" + std::to_string(port_) + "/" + repository;
  }

 private:
  static int free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(fd);
    return ntohs(address.sin_port);
  }
  bool wait_until_listening() const {
    for (int i = 0; i < 100; ++i) {
      const int fd = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      address.sin_port = htons(static_cast<uint16_t>(port_));
      const bool connected =
          connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
      close(fd);
      if (connected)
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  fs::path pid_file_;
  int port_ = 0;
};

class GitPromote : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_.git("config user.name 'Pat Promoter'");
    repo_.git("config user.email pat@example.com");
  }

  // HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME of the run: empty folders of this test.
  std::string environment() const {
    const std::string home = shell_quote(home_.path().string());
    return "HOME=" + home + " XDG_CONFIG_HOME=" + home + "/.config XDG_CACHE_HOME=" + home +
           "/.cache USER=ci-bot";
  }

  RunResult promote(const std::vector<std::string>& args, const fs::path& cwd = {}) {
    return run_plugin("gitpromote", args, cwd.empty() ? repo_.path() : cwd, environment());
  }

  std::string head() const { return repo_.git("rev-parse HEAD").out.substr(0, 40); }
  std::string status() const { return repo_.git("status --porcelain").out; }

  // A bare repository on a file path, pushed to from repo_ as its origin.
  fs::path add_bare_remote(const fs::path& folder) {
    EXPECT_EQ(shell("git init -q --bare -b main " + shell_quote(folder.string())).exit_code, 0);
    EXPECT_EQ(repo_.git("remote add origin " + shell_quote(folder.string())).exit_code, 0);
    EXPECT_EQ(repo_.git("push -q origin main").exit_code, 0);
    return folder;
  }

  // Someone else pushes a commit adding `path` to `remote`'s main.
  void push_elsewhere(const std::string& remote, const std::string& path) {
    ScratchFolder other("gitpromote-other");
    auto cloned = shell("git clone -q " + shell_quote(remote) + " clone", other.path());
    ASSERT_EQ(cloned.exit_code, 0) << cloned.err;
    std::ofstream(other.path() / "clone" / path) << "theirs\n";
    auto pushed = shell(
        "git add -A && git -c user.name=Other -c user.email=o@example.com commit -q -m theirs && "
        "git push -q origin main",
        other.path() / "clone");
    ASSERT_EQ(pushed.exit_code, 0) << pushed.err;
  }

  void expect_one_line_error(const RunResult& result, const std::string& message) {
    EXPECT_GE(result.exit_code, 2);
    EXPECT_EQ(result.err, "kubectl-gitpromote: error: " + message + "\n");
  }

  TempRepo repo_;
  ScratchFolder home_{"gitpromote-home"};
};

TEST_F(GitPromote, PromotesPlainManifestsLeavingEveryOtherByteAlone) {
  repo_.write("envs/staging/app.yaml", golden("staging-app.yaml"));
  repo_.write("envs/prod/app.yaml", golden("prod-app.before.yaml"));
  repo_.write("envs/prod/service.yaml", "# untouched\napiVersion: v1\nkind: Service\n");
  const std::string before = repo_.commit("environments");

  auto result = promote({"--from", "envs/staging", "--to", "envs/prod"});
  ASSERT_EQ(result.exit_code, 0) << result.err;

  EXPECT_EQ(repo_.read("envs/prod/app.yaml"), golden("prod-app.after.yaml"));
  EXPECT_EQ(repo_.git("show HEAD:envs/prod/app.yaml").out, golden("prod-app.after.yaml"));
  EXPECT_EQ(repo_.git("rev-parse HEAD~1").out.substr(0, 40), before);
  EXPECT_EQ(repo_.git("show --name-only --format= HEAD").out, "envs/prod/app.yaml\n");
  EXPECT_EQ(status(), "");
  EXPECT_EQ(repo_.git("log -1 --format=%an%n%ae%n%B").out,
            "Pat Promoter\npat@example.com\n"
            "promote envs/staging to envs/prod: 4 changes\n\n"
            "- web 1.2.0 -> 1.3.0 (ghcr.io/acme/web)\n  in envs/prod/app.yaml\n"
            "- envoy v1.29.1 -> v1.30.0 (envoyproxy/envoy)\n  in envs/prod/app.yaml\n"
            "- metrics 2.0 -> 2.1@sha256:222222222222 (localhost:5000/metrics)\n"
            "  in envs/prod/app.yaml\n"
            "- report 1.9.0 -> 2.0.0 (ghcr.io/acme/report)\n  in envs/prod/app.yaml\n\n"
            "Promoted-from: envs/staging@" +
                before +
                "\n"
                "Promoted-by: Pat Promoter <pat@example.com>\n\n");
  EXPECT_NE(result.out.find("left alone, used only by envs/prod: redis"), std::string::npos)
      << result.out;
}

TEST_F(GitPromote, PromotesKustomizeImagesAndTheirDigests) {
  repo_.write("envs/staging/kustomization.yaml", golden("staging-kustomization.yaml"));
  repo_.write("envs/prod/kustomization.yaml", golden("prod-kustomization.before.yaml"));
  repo_.commit("environments");

  auto result = promote({"--from", "envs/staging", "--to", "envs/prod"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(repo_.read("envs/prod/kustomization.yaml"), golden("prod-kustomization.after.yaml"));
  EXPECT_EQ(first_line(repo_.git("log -1 --format=%s").out),
            "promote envs/staging to envs/prod: 4 changes");
}

TEST_F(GitPromote, SingleChangeIsNamedInTheSubject) {
  repo_.write("envs/staging/web.yaml", deployment("web", "ghcr.io/acme/web:1.3.0"));
  repo_.write("envs/prod/web.yaml", deployment("web", "ghcr.io/acme/web:1.2.0"));
  repo_.commit("environments");
  ASSERT_EQ(promote({"--from", "envs/staging/", "--to", "./envs/prod"}).exit_code, 0);
  EXPECT_EQ(repo_.git("log -1 --format=%s").out,
            "promote envs/staging to envs/prod: web 1.2.0 -> 1.3.0\n");
}

TEST_F(GitPromote, ImagesFlagLimitsThePromotionToTheNamedImages) {
  repo_.write("envs/staging/web.yaml", deployment("web", "ghcr.io/acme/web:1.3.0"));
  repo_.write("envs/staging/api.yaml", deployment("api", "ghcr.io/acme/api:2.0.0"));
  repo_.write("envs/prod/web.yaml", deployment("web", "ghcr.io/acme/web:1.2.0"));
  repo_.write("envs/prod/api.yaml", deployment("api", "ghcr.io/acme/api:1.0.0"));
  repo_.commit("environments");

  auto result = promote({"--from", "envs/staging", "--to", "envs/prod", "--images", "api"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(repo_.read("envs/prod/api.yaml"), deployment("api", "ghcr.io/acme/api:2.0.0"));
  EXPECT_EQ(repo_.read("envs/prod/web.yaml"), deployment("web", "ghcr.io/acme/web:1.2.0"));
  EXPECT_EQ(repo_.git("show --name-only --format= HEAD").out, "envs/prod/api.yaml\n");
}

TEST_F(GitPromote, FieldFlagPromotesHelmValuesAndTheChartVersion) {
  repo_.write("envs/staging/values.yaml", "image:\n  tag: \"1.10\"\n");
  repo_.write("envs/staging/release.yaml",
              "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nspec:\n  chart:\n"
              "    spec:\n      chart: web\n      version: 4.2.0\n");
  repo_.write("envs/prod/values.yaml",
              "# prod\nimage:\n  repository: ghcr.io/acme/web\n"
              "  tag: 1.9 # bumped by gitpromote\nreplicas: 4\n");
  repo_.write("envs/prod/release.yaml",
              "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nspec:\n  chart:\n"
              "    spec:\n      chart: web\n      version: '4.1.0'\n");
  repo_.commit("environments");

  auto result =
      promote({"--from", "envs/staging", "--to", "envs/prod", "--field", "values.yaml:image.tag",
               "--field", "release.yaml:spec.chart.spec.version"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(repo_.read("envs/prod/values.yaml"),
            "# prod\nimage:\n  repository: ghcr.io/acme/web\n"
            "  tag: \"1.10\" # bumped by gitpromote\nreplicas: 4\n");
  EXPECT_EQ(repo_.read("envs/prod/release.yaml"),
            "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nspec:\n  chart:\n"
            "    spec:\n      chart: web\n      version: '4.2.0'\n");
  EXPECT_EQ(repo_.git("log -1 --format=%s").out, "promote envs/staging to envs/prod: 2 changes\n");
}

TEST_F(GitPromote, FilesFlagCopiesWholeFiles) {
  repo_.write("envs/staging/config/app.yaml", "# new settings\nlog: debug\n");
  repo_.write("envs/staging/config/flags.yaml", "beta: true\n");
  repo_.write("envs/staging/web.yaml", deployment("web", "web:2"));
  repo_.write("envs/prod/config/app.yaml", "log: info\n");
  repo_.write("envs/prod/web.yaml", deployment("web", "web:1"));
  repo_.commit("environments");

  auto result = promote({"--from", "envs/staging", "--to", "envs/prod", "--files", "config/*"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(repo_.read("envs/prod/config/app.yaml"), "# new settings\nlog: debug\n");
  EXPECT_EQ(repo_.read("envs/prod/config/flags.yaml"), "beta: true\n");
  EXPECT_EQ(repo_.read("envs/prod/web.yaml"), deployment("web", "web:1"));
  EXPECT_EQ(status(), "");
}

TEST_F(GitPromote, DirtyTargetFileRefusesWithNothingChanged) {
  repo_.write("envs/staging/web.yaml", deployment("web", "web:2"));
  repo_.write("envs/prod/web.yaml", deployment("web", "web:1"));
  const std::string before = repo_.commit("environments");
  const std::string edited = deployment("web", "web:1") + "# my uncommitted edit\n";
  repo_.write("envs/prod/web.yaml", edited);

  auto result = promote({"--from", "envs/staging", "--to", "envs/prod"});
  expect_one_line_error(result,
                        "'envs/prod/web.yaml' has uncommitted changes; commit or stash them first");
  EXPECT_EQ(head(), before);
  EXPECT_EQ(repo_.read("envs/prod/web.yaml"), edited);
  EXPECT_EQ(status(), " M envs/prod/web.yaml\n");
}

TEST_F(GitPromote, LockedIndexRefusesWithHeadIndexAndWorkingTreeAsTheyWere) {
  repo_.write("envs/staging/web.yaml", deployment("web", "web:2"));
  repo_.write("envs/prod/web.yaml", deployment("web", "web:1"));
  const std::string before = repo_.commit("environments");
  repo_.write(".git/index.lock", "");

  auto result = promote({"--from", "envs/staging", "--to", "envs/prod"});
  expect_one_line_error(result,
                        "cannot lock the index: '.git/index.lock' exists; another git process "
                        "seems to be running in this repository (if none is, remove the file and "
                        "run the command again)");
  EXPECT_EQ(head(), before);
  repo_.remove(".git/index.lock");
  EXPECT_EQ(repo_.read("envs/prod/web.yaml"), deployment("web", "web:1"));
  EXPECT_EQ(status(), "");
}

TEST_F(GitPromote, OtherUncommittedWorkSurvivesUntouched) {
  repo_.write("envs/staging/web.yaml", deployment("web", "web:2"));
  repo_.write("envs/prod/web.yaml", deployment("web", "web:1"));
  repo_.write("envs/prod/notes.yaml", "a: 1\n");
  repo_.write("README.md", "readme\n");
  repo_.commit("environments");
  repo_.write("README.md", "readme, staged edit\n");
  repo_.git("add README.md");
  repo_.write("envs/prod/notes.yaml", "a: 1\n# unstaged edit\n");
  repo_.write("scratch.txt", "untracked\n");

  auto result = promote({"--from", "envs/staging", "--to", "envs/prod"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(repo_.git("show --name-only --format= HEAD").out, "envs/prod/web.yaml\n");
  EXPECT_EQ(status(), "M  README.md\n M envs/prod/notes.yaml\n?? scratch.txt\n");
  EXPECT_EQ(repo_.git("diff --cached").out.find("staged edit") != std::string::npos, true);
  EXPECT_EQ(repo_.read("envs/prod/notes.yaml"), "a: 1\n# unstaged edit\n");
  EXPECT_EQ(repo_.read("envs/prod/web.yaml"), deployment("web", "web:2"));
}

TEST_F(GitPromote, BranchFlagCommitsOnANewBranchAndLeavesTheWorkingTreeAlone) {
  repo_.write("envs/staging/web.yaml", deployment("web", "web:2"));
  repo_.write("envs/prod/web.yaml", deployment("web", "web:1"));
  const std::string before = repo_.commit("environments");
  repo_.write("envs/prod/web.yaml", deployment("web", "web:1") + "# dirty, and staged\n");
  repo_.git("add envs/prod/web.yaml");
  const std::string index_before = repo_.git("ls-files -s").out;

  auto result = promote({"--from", "envs/staging", "--to", "envs/prod", "--branch", "promote/web"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(head(), before);
  EXPECT_EQ(repo_.git("symbolic-ref --short HEAD").out, "main\n");
  EXPECT_EQ(repo_.git("rev-parse promote/web~1").out.substr(0, 40), before);
  EXPECT_EQ(repo_.git("show promote/web:envs/prod/web.yaml").out, deployment("web", "web:2"));
  EXPECT_EQ(repo_.read("envs/prod/web.yaml"), deployment("web", "web:1") + "# dirty, and staged\n");
  EXPECT_EQ(repo_.git("ls-files -s").out, index_before);
  EXPECT_EQ(status(), "M  envs/prod/web.yaml\n");

  auto again = promote({"--from", "envs/staging", "--to", "envs/prod", "--branch", "promote/web"});
  expect_one_line_error(again, "a branch named 'promote/web' already exists");
}

TEST_F(GitPromote, DetachedHeadRefusesUnlessANewBranchIsNamed) {
  repo_.write("envs/staging/web.yaml", deployment("web", "web:2"));
  repo_.write("envs/prod/web.yaml", deployment("web", "web:1"));
  const std::string before = repo_.commit("environments");
  repo_.git("checkout -q --detach HEAD");

  expect_one_line_error(promote({"--from", "envs/staging", "--to", "envs/prod"}),
                        "HEAD is detached: name a new branch to commit on (--branch NAME)");
  EXPECT_EQ(head(), before);
  auto dry_run = promote({"--from", "envs/staging", "--to", "envs/prod", "--dry-run"});
  EXPECT_EQ(dry_run.exit_code, 0) << dry_run.err;
  EXPECT_NE(dry_run.out.find("+        image: web:2"), std::string::npos);
  auto result = promote({"--from", "envs/staging", "--to", "envs/prod", "--branch", "ci"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(repo_.git("show ci:envs/prod/web.yaml").out, deployment("web", "web:2"));
}

TEST_F(GitPromote, PushRejectedBecauseTheRemoteMovedIsRedoneOnItsTip) {
  repo_.write("envs/staging/web.yaml", deployment("web", "web:2"));
  repo_.write("envs/prod/web.yaml", deployment("web", "web:1"));
  repo_.commit("environments");
  ScratchFolder remotes("gitpromote-remote");
  const fs::path remote = add_bare_remote(remotes.path() / "deploy.git");
  push_elsewhere(remote.string(), "theirs.txt");
  repo_.write("scratch.txt", "untracked\n");

  auto result = promote({"--from", "envs/staging", "--to", "envs/prod", "--push"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("pushed main to origin (redone on the remote's new tip: 2 attempts)"),
            std::string::npos)
      << result.out;
  const std::string remote_main =
      shell("git --git-dir=" + shell_quote(remote.string()) + " rev-parse main").out;
  EXPECT_EQ(remote_main, repo_.git("rev-parse HEAD").out);
  EXPECT_EQ(
      shell("git --git-dir=" + shell_quote(remote.string()) + " log -1 --format=%s main~1").out,
      "theirs\n");
  EXPECT_EQ(
      shell("git --git-dir=" + shell_quote(remote.string()) + " show main:envs/prod/web.yaml").out,
      deployment("web", "web:2"));
  EXPECT_EQ(repo_.read("theirs.txt"), "theirs\n");  // the working tree followed the branch
  EXPECT_EQ(status(), "?? scratch.txt\n");
}

TEST_F(GitPromote, PushOverGitDaemonIsRedoneWhenTheRemoteMoved) {
  ScratchFolder served("gitpromote-daemon");
  EXPECT_EQ(shell("git init -q --bare -b main deploy.git", served.path()).exit_code, 0);
  GitDaemon daemon(served.path());
  repo_.write("envs/staging/web.yaml", deployment("web", "web:2"));
  repo_.write("envs/prod/web.yaml", deployment("web", "web:1"));
  repo_.commit("environments");
  ASSERT_EQ(repo_.git("remote add upstream " + daemon.url("deploy.git")).exit_code, 0);
  auto seeded = repo_.git("push -q upstream main");
  ASSERT_EQ(seeded.exit_code, 0) << seeded.err;
  push_elsewhere(daemon.url("deploy.git"), "theirs.txt");

  auto result =
      promote({"--from", "envs/staging", "--to", "envs/prod", "--push", "--remote", "upstream"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const fs::path bare = served.path() / "deploy.git";
  EXPECT_EQ(shell("git --git-dir=" + shell_quote(bare.string()) + " rev-parse main").out,
            repo_.git("rev-parse HEAD").out);
  EXPECT_EQ(shell("git --git-dir=" + shell_quote(bare.string()) + " log --format=%s -2 main").out,
            "promote envs/staging to envs/prod: web 1 -> 2\ntheirs\n");
}

TEST_F(GitPromote, DivergedBranchIsNotRedoneButKeptLocally) {
  repo_.write("envs/staging/web.yaml", deployment("web", "web:2"));
  repo_.write("envs/prod/web.yaml", deployment("web", "web:1"));
  repo_.commit("environments");
  ScratchFolder remotes("gitpromote-remote");
  const fs::path remote = add_bare_remote(remotes.path() / "deploy.git");
  push_elsewhere(remote.string(), "theirs.txt");
  repo_.write("mine.txt", "mine\n");
  const std::string local = repo_.commit("local only");

  auto result = promote({"--from", "envs/staging", "--to", "envs/prod", "--push"});
  EXPECT_GE(result.exit_code, 2);
  EXPECT_EQ(result.err.rfind("kubectl-gitpromote: error: cannot push 'main' to 'origin': your "
                             "branch and 'origin/main' have diverged; the promotion is committed "
                             "locally as ",
                             0),
            0u)
      << result.err;
  EXPECT_EQ(repo_.git("rev-parse HEAD~1").out.substr(0, 40), local);
}

TEST_F(GitPromote, UnknownFolderFailsWithOneLineAndNoCommit) {
  repo_.write("envs/staging/web.yaml", deployment("web", "web:2"));
  repo_.write("envs/prod/web.yaml", deployment("web", "web:1"));
  const std::string before = repo_.commit("environments");
  expect_one_line_error(promote({"--from", "envs/qa", "--to", "envs/prod"}),
                        "'envs/qa' does not exist at HEAD (" + before.substr(0, 7) + ")");
  expect_one_line_error(promote({"--from", "envs/staging", "--to", "envs/prd"}),
                        "'envs/prd' does not exist at HEAD (" + before.substr(0, 7) + ")");
  EXPECT_EQ(head(), before);
}

TEST_F(GitPromote, NoImagesInCommonFailsWithOneLineAndNoCommit) {
  repo_.write("envs/staging/api.yaml", deployment("api", "api:2"));
  repo_.write("envs/prod/web.yaml", deployment("web", "web:1"));
  const std::string before = repo_.commit("environments");
  expect_one_line_error(promote({"--from", "envs/staging", "--to", "envs/prod"}),
                        "no image is used by both 'envs/staging' and 'envs/prod'");
  EXPECT_EQ(head(), before);
}

TEST_F(GitPromote, MalformedYamlFailsNamingFileAndLine) {
  repo_.write("envs/staging/web.yaml", deployment("web", "web:2"));
  repo_.write("envs/prod/web.yaml", deployment("web", "web:1"));
  repo_.write("envs/prod/broken.yaml", "apiVersion: v1\nkind: ConfigMap\ndata: {a: 1\n");
  const std::string before = repo_.commit("environments");
  auto result = promote({"--from", "envs/staging", "--to", "envs/prod"});
  EXPECT_GE(result.exit_code, 2);
  EXPECT_EQ(result.err.rfind("kubectl-gitpromote: error: cannot parse 'envs/prod/broken.yaml' at "
                             "line ",
                             0),
            0u)
      << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1);
  EXPECT_EQ(head(), before);
}

TEST_F(GitPromote, BadFlagsFailWithOneLine) {
  expect_one_line_error(promote({"--to", "envs/prod"}),
                        "--from is required (the folder to promote from), or --set-image NAME=REF");
  expect_one_line_error(promote({"--from", "a", "--to", "b", "--dry-run", "--push"}),
                        "--dry-run commits nothing, so there is nothing to push: drop one of them");
  expect_one_line_error(
      promote({"--to", "b", "--set-image", "web=web:1", "--verify-source"}),
      "--verify-source checks SRC's app in a local repository: it needs --from and no --repo");
}

TEST_F(GitPromote, DryRunPrintsAGitStyleDiffAndCommitsNothing) {
  repo_.write("envs/staging/web.yaml", deployment("web", "ghcr.io/acme/web:1.3.0"));
  repo_.write("envs/prod/web.yaml", deployment("web", "ghcr.io/acme/web:1.2.0"));
  const std::string before = repo_.commit("environments");

  auto result = promote({"--from", "envs/staging", "--to", "envs/prod", "--dry-run"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(head(), before);
  EXPECT_EQ(status(), "");
  EXPECT_EQ(result.out,
            "diff --git a/envs/prod/web.yaml b/envs/prod/web.yaml\n"
            "--- a/envs/prod/web.yaml\n+++ b/envs/prod/web.yaml\n"
            "@@ -7,4 +7,4 @@\n     spec:\n       containers:\n       - name: web\n"
            "-        image: ghcr.io/acme/web:1.2.0\n+        image: ghcr.io/acme/web:1.3.0\n");
  EXPECT_NE(result.err.find("dry run: would commit on main: promote envs/staging to envs/prod: "
                            "web 1.2.0 -> 1.3.0"),
            std::string::npos);
  std::ofstream(home_.path() / "promotion.diff") << result.out;
  EXPECT_EQ(repo_.git("apply --check " + shell_quote((home_.path() / "promotion.diff").string()))
                .exit_code,
            0);
}

TEST_F(GitPromote, JsonReportsTheChangesTheCommitAndTheBranch) {
  repo_.write("envs/staging/web.yaml", deployment("web", "ghcr.io/acme/web:1.3.0"));
  repo_.write("envs/prod/web.yaml", deployment("web", "ghcr.io/acme/web:1.2.0"));
  repo_.commit("environments");
  auto result = promote({"--from", "envs/staging", "--to", "envs/prod", "-o", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto report = nlohmann::json::parse(result.out);
  EXPECT_EQ(report["commit"], repo_.git("rev-parse HEAD").out.substr(0, 40));
  EXPECT_EQ(report["branch"], "main");
  EXPECT_EQ(report["changes"].size(), 1u);
  EXPECT_EQ(report["changes"][0]["subject"], "web");
  EXPECT_EQ(report["changes"][0]["from"], nlohmann::json::array({"1.2.0"}));
  EXPECT_EQ(report["changes"][0]["to"], "1.3.0");
  EXPECT_EQ(report["files"], nlohmann::json::array({"envs/prod/web.yaml"}));
  EXPECT_EQ(report["pushed"], false);
}

TEST_F(GitPromote, NothingToPromoteExitsZeroWithoutACommit) {
  repo_.write("envs/staging/web.yaml", deployment("web", "web:2"));
  repo_.write("envs/prod/web.yaml", deployment("web", "web:2"));
  const std::string before = repo_.commit("environments");
  auto result = promote({"--from", "envs/staging", "--to", "envs/prod"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "nothing to promote: envs/prod already matches envs/staging (web 2)\n");
  EXPECT_EQ(head(), before);
}

TEST_F(GitPromote, SetImageIsTheFirstHopWithItsOwnTrailer) {
  repo_.write("envs/dev/web.yaml", deployment("web", "ghcr.io/acme/web:1.2.0"));
  repo_.commit("environments");
  const std::string digest = "sha256:" + std::string(64, 'b');
  auto result = promote(
      {"--to", "envs/dev", "--set-image", "ghcr.io/acme/web=ghcr.io/acme/web:1.3.0@" + digest});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(repo_.read("envs/dev/web.yaml"), deployment("web", "ghcr.io/acme/web:1.3.0@" + digest));
  const std::string message = repo_.git("log -1 --format=%B").out;
  EXPECT_EQ(first_line(message),
            "promote image ghcr.io/acme/web to envs/dev: web 1.2.0 -> 1.3.0@sha256:bbbbbbbbbbbb");
  EXPECT_NE(message.find("\nPromoted-from: image ghcr.io/acme/web=ghcr.io/acme/web:1.3.0@" +
                         digest + "\n"),
            std::string::npos)
      << message;
}

TEST_F(GitPromote, RepoUrlWorksWithoutALocalClone) {
  repo_.write("envs/dev/web.yaml", deployment("web", "web:1"));
  repo_.commit("environments");
  ScratchFolder remotes("gitpromote-remote");
  const fs::path remote = add_bare_remote(remotes.path() / "deploy.git");
  ScratchFolder elsewhere("gitpromote-cwd");
  // No local clone, so the identity comes from the user's global configuration.
  std::ofstream(home_.path() / ".gitconfig")
      << "[user]\n\tname = CI Bot\n\temail = ci@example.com\n";
  const std::string git_dir = "git --git-dir=" + shell_quote(remote.string());

  auto first =
      promote({"--repo", remote.string(), "--to", "envs/dev", "--set-image", "web=:2", "--push"},
              elsewhere.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(shell(git_dir + " show main:envs/dev/web.yaml").out, deployment("web", "web:2"));
  EXPECT_TRUE(fs::exists(home_.path() / ".cache" / "kubectl-gitops" / "repos"));

  push_elsewhere(remote.string(), "theirs.txt");  // the cached clone is now behind
  auto second =
      promote({"--repo", remote.string(), "--to", "envs/dev", "--set-image", "web=:3", "--push"},
              elsewhere.path());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(shell(git_dir + " log --format=%s -3 main").out,
            "promote image web to envs/dev: web 2 -> 3\ntheirs\n"
            "promote image web to envs/dev: web 1 -> 2\n");
  EXPECT_EQ(second.out.find("attempts"), std::string::npos);  // fetched first: no retry needed
  EXPECT_EQ(shell(git_dir + " log -1 --format='%an <%ae>' main").out, "CI Bot <ci@example.com>\n");

  expect_one_line_error(
      promote({"--repo", remote.string(), "--to", "envs/dev", "--set-image", "web=:4"},
              elsewhere.path()),
      "--repo commits in a clone of its own, so the commit must be pushed: add "
      "--push (or --dry-run)");
}

TEST_F(GitPromote, MissingGitIdentityIsAClearError) {
  repo_.git("config --unset user.name");
  repo_.git("config --unset user.email");
  repo_.write("envs/staging/web.yaml", deployment("web", "web:2"));
  repo_.write("envs/prod/web.yaml", deployment("web", "web:1"));
  const std::string before = repo_.commit("environments");
  expect_one_line_error(
      promote({"--from", "envs/staging", "--to", "envs/prod"}),
      "no git identity is configured to author the commit; run: git config --global user.name "
      "'Your Name' && git config --global user.email you@example.com");
  EXPECT_EQ(head(), before);
  auto dry = promote({"--from", "envs/staging", "--to", "envs/prod", "--dry-run", "-o", "json"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(
      nlohmann::json::parse(dry.out)["message"].get<std::string>().find("\nPromoted-by: ci-bot\n"),
      std::string::npos);
}

TEST_F(GitPromote, HelpShowsSynopsisEveryFlagAndExamples) {
  auto result = promote({"--help"});
  ASSERT_EQ(result.exit_code, 0);
  for (const std::string flag :
       {"--from", "--to", "--rev", "--images", "--field", "--files", "--set-image", "--branch",
        "--push", "--remote", "--repo", "--dry-run", "--output", "--color"}) {
    EXPECT_NE(result.out.find(flag), std::string::npos) << flag;
  }
  EXPECT_NE(result.out.find("kubectl gitpromote --from SRC --to DST"), std::string::npos);
  EXPECT_NE(result.out.find("--verify-source"), std::string::npos);
  EXPECT_NE(result.out.find("--context"), std::string::npos);  // forwarded for --verify-source
  EXPECT_NE(result.out.find("kubectl gitpromote --from envs/staging --to envs/prod --push"),
            std::string::npos);
}

TEST_F(GitPromote, VerifySourceRefusesUnlessSourceIsSyncedAndUndrifted) {
  const auto ns = unique_name("gp");
  const auto app = unique_name("gp-app");
  const auto records = unique_name("gp-records");
  kubectl("create namespace " + ns);
  auto staging = [&](const std::string& image) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: release\n  namespace: " + ns +
           "\ndata:\n  note: staging\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
           "  name: web\n  namespace: " +
           ns +
           "\nspec:\n  selector:\n    matchLabels:\n"
           "      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n"
           "    spec:\n      containers:\n      - name: web\n        image: " +
           image + "\n";
  };
  repo_.write("envs/staging/web.yaml", staging("ghcr.io/acme/web:1.3.0"));
  repo_.write("envs/prod/web.yaml", deployment("web", "ghcr.io/acme/web:1.2.0"));
  repo_.commit("environments");
  const std::vector<std::string> verify{"--from",
                                        "envs/staging",
                                        "--to",
                                        "envs/prod",
                                        "--dry-run",
                                        "--verify-source",
                                        "--source-app",
                                        app,
                                        "--record-namespace",
                                        records,
                                        "-n",
                                        ns};
  auto never_synced = promote(verify);
  EXPECT_GE(never_synced.exit_code, 2);
  EXPECT_NE(never_synced.err.find("no app '" + app + "' is recorded"), std::string::npos)
      << never_synced.err;

  auto synced =
      run_plugin("gitsync", {"envs/staging", "--app", app, "--record-namespace", records, "-n", ns},
                 repo_.path());
  ASSERT_EQ(synced.exit_code, 0) << synced.err;
  auto verified = promote(verify);
  EXPECT_EQ(verified.exit_code, 0) << verified.err;

  repo_.write("envs/staging/web.yaml", staging("ghcr.io/acme/web:1.4.0"));
  repo_.commit("staging: web 1.4.0, not synced yet");
  auto unsynced = promote(verify);
  EXPECT_GE(unsynced.exit_code, 2);
  EXPECT_NE(unsynced.err.find("differs from HEAD"), std::string::npos) << unsynced.err;

  ASSERT_EQ(
      run_plugin("gitsync", {"envs/staging", "--app", app, "--record-namespace", records, "-n", ns},
                 repo_.path())
          .exit_code,
      0);
  kubectl("patch configmap release -n " + ns + " --type=merge -p " +
          shell_quote(R"({"data":{"note":"edited by hand"}})"));
  auto drifted = promote(verify);
  EXPECT_GE(drifted.exit_code, 2);
  EXPECT_NE(drifted.err.find("has drifted"), std::string::npos) << drifted.err;
  kubectl("delete namespace " + ns + " " + records + " --wait=false", "", false);
}

// Secrets: keys named, values never, in every output of a promotion and in its commit message.
// Promotions of files that hold secret values, each run checked for leaks of them.
class GitPromoteLeaks : public GitPromote {
 protected:
  // Fails for any secret value of the test's files in `text`.
  virtual void expect_no_value(const std::string& what, const std::string& text) const = 0;

  // Runs the promotion and checks that neither stdout nor stderr shows a value.
  RunResult promote_secret(std::vector<std::string> args) {
    args.insert(args.begin(), {"--from", "envs/staging", "--to", "envs/prod"});
    std::string line;
    for (const std::string& arg : args)
      line += " " + arg;
    auto result = promote(args);
    EXPECT_EQ(result.exit_code, 0) << line << "\n" << result.err;
    expect_no_value("stdout of" + line, result.out);
    expect_no_value("stderr of" + line, result.err);
    return result;
  }

  std::string message() const { return repo_.git("log -1 --format=%B").out; }
};

class GitPromoteSecrets : public GitPromoteLeaks {
 protected:
  // A Secret whose every value is distinctive: a plain line, a block scalar and base64 in a flow
  // map, all ending in "Zq7x".
  static std::string secret(const std::string& env) {
    return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\nstringData:\n"
           "  password: " +
           env + "-Pl41n-Zq7x  # do not share\n  cert: |\n    -----BEGIN " + env +
           "-Zq7x-----\n    " + env +
           "-line-Zq7x\ndata: {token: " + util::base64_encode(env + "-T0k3n-Zq7x") + "}\n";
  }

  void SetUp() override {
    GitPromote::SetUp();
    repo_.write("envs/staging/secret.yaml", secret("stg"));
    repo_.write("envs/prod/secret.yaml", secret("prd"));
    repo_.commit("environments");
  }

  // Fails for any value of either Secret (or its base64) in `text`, even a part of one.
  void expect_no_value(const std::string& what, const std::string& text) const override {
    EXPECT_EQ(text.find("Zq7x"), std::string::npos) << what << " leaks a value:\n" << text;
    for (const std::string env : {"stg", "prd"}) {
      for (const std::string& value :
           {env + "-Pl41n-Zq7x", env + "-line-Zq7x", env + "-T0k3n-Zq7x"}) {
        EXPECT_EQ(text.find(util::base64_encode(value)), std::string::npos)
            << what << " leaks the base64 of " << value << ":\n"
            << text;
      }
    }
  }
};

TEST_F(GitPromoteSecrets, SecretFileNamesKeysNotValuesInDryRunAndCommit) {
  const std::string before = head();
  auto diff = promote_secret({"--files", "secret.yaml", "--dry-run"});
  EXPECT_EQ(diff.out,
            "diff --git a/envs/prod/secret.yaml b/envs/prod/secret.yaml\n"
            "--- a/envs/prod/secret.yaml\n+++ b/envs/prod/secret.yaml\n"
            "@@ -1,10 +1,10 @@\n apiVersion: v1\n data:\n"
            "-  token: \"*** (before)\"\n+  token: \"*** (after)\"\n"
            " kind: Secret\n metadata:\n   name: db\n stringData:\n"
            "-  cert: \"*** (before)\"\n-  password: \"*** (before)\"\n"
            "+  cert: \"*** (after)\"\n+  password: \"*** (after)\"\n type: Opaque\n");
  for (const std::vector<std::string>& flags : std::vector<std::vector<std::string>>{
           {"--dry-run", "-v"}, {"--dry-run", "--color", "always"}, {"--dry-run", "-o", "json"}}) {
    std::vector<std::string> args = {"--files", "secret.yaml"};
    args.insert(args.end(), flags.begin(), flags.end());
    promote_secret(args);
  }
  EXPECT_EQ(head(), before);
  EXPECT_EQ(status(), "");

  for (const std::vector<std::string>& flags :
       std::vector<std::vector<std::string>>{{"-v"}, {"-o", "json", "-v"}}) {
    std::vector<std::string> args = {"--files", "secret.yaml"};
    args.insert(args.end(), flags.begin(), flags.end());
    promote_secret(args);
    expect_no_value("the commit message", message());
    EXPECT_EQ(repo_.read("envs/prod/secret.yaml"), secret("stg"));  // the file is promoted whole
    repo_.git("reset -q --hard " + before);
  }
}

TEST_F(GitPromoteSecrets, FieldOfASecretIsMaskedInEveryOutputAndTheCommitMessage) {
  const std::string field = "secret.yaml:stringData.password";
  const std::string subject =
      "promote envs/staging to envs/prod: " + field + " *** (before) -> *** (after)";
  auto dry = promote_secret({"--field", field, "--dry-run", "-v"});
  EXPECT_NE(dry.err.find("dry run: would commit on main: " + subject + "\n"), std::string::npos)
      << dry.err;
  EXPECT_NE(dry.out.find("+  password: \"*** (after)\"\n"), std::string::npos) << dry.out;
  auto json = promote_secret({"--field", field, "--dry-run", "-o", "json"});
  auto report = nlohmann::json::parse(json.out);
  EXPECT_EQ(report["changes"][0]["from"], nlohmann::json::array({"*** (before)"}));
  EXPECT_EQ(report["changes"][0]["to"], "*** (after)");

  const std::string before = head();
  auto committed = promote_secret({"--field", field, "-v"});
  EXPECT_EQ(first_line(committed.out), subject);
  EXPECT_EQ(first_line(message()), subject);
  expect_no_value("the commit message", message());
  EXPECT_NE(repo_.read("envs/prod/secret.yaml").find("password: stg-Pl41n-Zq7x  # do not share\n"),
            std::string::npos);
  auto again = promote_secret({"--field", field});
  EXPECT_EQ(again.out,
            "nothing to promote: envs/prod already matches envs/staging (" + field + " ***)\n");

  repo_.git("reset -q --hard " + before);
  promote_secret({"--field", field, "-o", "json"});
  expect_no_value("the commit message", message());

  // The pushed branch carries the same message.
  repo_.git("reset -q --hard " + before);
  ScratchFolder remotes("gitpromote-remote");
  const fs::path remote = add_bare_remote(remotes.path() / "deploy.git");
  promote_secret({"--field", field, "--branch", "rotate-db", "--push"});
  const auto pushed =
      shell("git --git-dir=" + shell_quote(remote.string()) + " log -1 --format=%B rotate-db");
  EXPECT_EQ(first_line(pushed.out), subject);
  expect_no_value("the pushed commit message", pushed.out);
}

TEST_F(GitPromoteSecrets, ImagePromotionOfAFileThatAlsoHoldsASecretShowsNoValue) {
  // The Secret's values sit next to the image line, where a line diff would show them as context.
  auto app = [](const std::string& env, const std::string& tag) {
    return deployment("web", "ghcr.io/acme/web:" + tag) + "---\nstringData:\n  password: " + env +
           "-Pl41n-Zq7x\napiVersion: v1\nkind: Secret\nmetadata:\n  name: web\n";
  };
  repo_.write("envs/staging/web.yaml", app("stg", "1.3.0"));
  repo_.write("envs/prod/web.yaml", app("prd", "1.2.0"));
  repo_.commit("web");
  auto dry = promote_secret({"--images", "web", "--dry-run"});
  EXPECT_NE(dry.out.find("-      - image: ghcr.io/acme/web:1.2.0\n"
                         "+      - image: ghcr.io/acme/web:1.3.0\n"),
            std::string::npos)
      << dry.out;
}

// Kustomize secretGenerators: literals shown as KEY=***, and the files a generator reads never
// shown, in every output of a promotion and in its commit message.
class GitPromoteSecretGenerator : public GitPromoteLeaks {
 protected:
  // A kustomization whose generator has a literal, an env file and a keyed file, all of whose
  // values end in "Wv9j"; and an image tag, which is no secret.
  static std::string kustomization(const std::string& env, const std::string& tag) {
    return "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
           "images:\n- name: web\n  newTag: \"" +
           tag + "\"\nsecretGenerator:\n- name: db\n  literals:\n  - password=" + env +
           "-hunter2-Wv9j\n  - user=admin\n  envs: [db.env]\n  files: [tls.key, "
           "token=secrets/token.txt]\n";
  }

  void SetUp() override {
    GitPromote::SetUp();
    for (const std::string env : {"staging", "prod"}) {
      const std::string folder = "envs/" + env + "/";
      repo_.write(folder + "kustomization.yaml", kustomization(env, env == "prod" ? "1.0" : "1.1"));
      repo_.write(folder + "db.env", "DB_PASSWORD=" + env + "-env-Wv9j\n");
      repo_.write(folder + "tls.key", "-----BEGIN " + env + "-key-Wv9j-----\n");
      repo_.write(folder + "secrets/token.txt", env + "-token-Wv9j\n");
    }
    repo_.commit("environments");
  }

  void expect_no_value(const std::string& what, const std::string& text) const override {
    for (const std::string value : {"Wv9j", "hunter2", "DB_PASSWORD", "BEGIN"}) {
      EXPECT_EQ(text.find(value), std::string::npos) << what << " leaks a value:\n" << text;
    }
  }

  // Each run with each of `flags` added shows no value: dry runs, then real ones (reset after).
  void expect_no_value_in_any_output(const std::vector<std::string>& args) {
    const std::string before = head();
    for (const std::vector<std::string>& flags :
         std::vector<std::vector<std::string>>{{"--dry-run"},
                                               {"--dry-run", "-v"},
                                               {"--dry-run", "--color", "always"},
                                               {"--dry-run", "-o", "json", "-v"}}) {
      std::vector<std::string> all = args;
      all.insert(all.end(), flags.begin(), flags.end());
      promote_secret(all);
    }
    EXPECT_EQ(head(), before);
    for (const std::vector<std::string>& flags :
         std::vector<std::vector<std::string>>{{"-v"}, {"-o", "json", "-v"}}) {
      std::vector<std::string> all = args;
      all.insert(all.end(), flags.begin(), flags.end());
      promote_secret(all);
      EXPECT_NE(head(), before);
      expect_no_value("the commit message", message());
      repo_.git("reset -q --hard " + before);
    }
  }
};

TEST_F(GitPromoteSecretGenerator, KustomizationShowsLiteralKeysAndItsOtherChanges) {
  auto diff = promote_secret({"--files", "kustomization.yaml", "--dry-run"});
  EXPECT_NE(diff.out.find("-  newTag: \"1.0\"\n+  newTag: \"1.1\"\n"), std::string::npos)
      << diff.out;
  EXPECT_NE(diff.out.find("-  - password=*** (before)\n+  - password=*** (after)\n"),
            std::string::npos)
      << diff.out;
  EXPECT_NE(diff.out.find("   - user=***\n"), std::string::npos) << diff.out;
  expect_no_value_in_any_output({"--files", "kustomization.yaml"});
  expect_no_value_in_any_output({"--images", "web"});

  promote_secret({"--files", "kustomization.yaml"});
  EXPECT_EQ(repo_.read("envs/prod/kustomization.yaml"), kustomization("staging", "1.1"));
}

TEST_F(GitPromoteSecretGenerator, FilesTheGeneratorReadsAreCopiedButNeverShown) {
  auto diff = promote_secret(
      {"--files", "db.env", "--files", "tls.key", "--files", "secrets/token.txt", "--dry-run"});
  EXPECT_EQ(diff.out,
            "diff --git a/envs/prod/db.env b/envs/prod/db.env\n"
            "--- a/envs/prod/db.env\n+++ b/envs/prod/db.env\n"
            "@@ -1,2 +1,2 @@\n"
            " # values hidden: a kustomize secretGenerator reads this file\n"
            "-*** (before)\n+*** (after)\n"
            "diff --git a/envs/prod/secrets/token.txt b/envs/prod/secrets/token.txt\n"
            "--- a/envs/prod/secrets/token.txt\n+++ b/envs/prod/secrets/token.txt\n"
            "@@ -1,2 +1,2 @@\n"
            " # values hidden: a kustomize secretGenerator reads this file\n"
            "-*** (before)\n+*** (after)\n"
            "diff --git a/envs/prod/tls.key b/envs/prod/tls.key\n"
            "--- a/envs/prod/tls.key\n+++ b/envs/prod/tls.key\n"
            "@@ -1,2 +1,2 @@\n"
            " # values hidden: a kustomize secretGenerator reads this file\n"
            "-*** (before)\n+*** (after)\n");
  expect_no_value_in_any_output({"--files", "*", "--files", "secrets/*"});

  promote_secret({"--files", "db.env"});
  EXPECT_EQ(repo_.read("envs/prod/db.env"), "DB_PASSWORD=staging-env-Wv9j\n");
}

TEST_F(GitPromoteSecretGenerator, FieldOfAGeneratorIsMaskedInEveryOutputAndTheCommitMessage) {
  const std::string field = "kustomization.yaml:secretGenerator[0].literals[0]";
  const std::string subject =
      "promote envs/staging to envs/prod: " + field + " *** (before) -> *** (after)";
  auto dry = promote_secret({"--field", field, "--dry-run", "-v"});
  EXPECT_NE(dry.err.find("dry run: would commit on main: " + subject + "\n"), std::string::npos)
      << dry.err;
  auto json = promote_secret({"--field", field, "--dry-run", "-o", "json"});
  auto report = nlohmann::json::parse(json.out);
  EXPECT_EQ(report["changes"][0]["from"], nlohmann::json::array({"*** (before)"}));
  EXPECT_EQ(report["changes"][0]["to"], "*** (after)");
  expect_no_value_in_any_output({"--field", field});

  auto committed = promote_secret({"--field", field});
  EXPECT_EQ(first_line(message()), subject);
  EXPECT_NE(repo_.read("envs/prod/kustomization.yaml").find("- password=staging-hunter2-Wv9j\n"),
            std::string::npos);
  auto again = promote_secret({"--field", field});
  EXPECT_EQ(again.out,
            "nothing to promote: envs/prod already matches envs/staging (" + field + " ***)\n");
}

}  // namespace
}  // namespace gitops::testing
