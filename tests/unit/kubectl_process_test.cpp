// The kubectl runner against stand-in executables. They only inject what a real kubectl cannot be
// made to do on demand: huge outputs, a hang, a crash.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "error.hpp"
#include "error_of.hpp"
#include "kube/context.hpp"
#include "kube/kubectl.hpp"
#include "scratch_folder.hpp"

namespace gitops::kube {
namespace {

using gitops::testing::error_of;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

class KubectlProcess : public ::testing::Test {
 protected:
  // A stand-in for kubectl: a shell script named `name` in the test's folder.
  std::string script(const std::string& name, const std::string& body) {
    const auto path = scratch_.write(name, "#!/bin/sh\n" + body + "\n");
    fs::permissions(path, fs::perms::owner_all);
    return path.string();
  }

  static Kubectl kubectl(const std::string& binary, std::chrono::seconds timeout = 30s) {
    KubectlOptions options;
    options.binary = binary;
    options.timeout = timeout;
    return Kubectl(options);
  }

  gitops::testing::ScratchFolder scratch_{"kubectl-process"};
  const fs::path& dir_ = scratch_.path();
};

// Restores an environment variable at the end of a test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) {
      old_ = old;
    }
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST_F(KubectlProcess, CapturesHugeOutputsWhileFeedingHugeInput) {
  const auto binary = script("flood",
                             "head -c 10000000 /dev/zero | tr '\\0' e >&2 &\n"
                             "head -c 30000000 /dev/zero | tr '\\0' o &\n"
                             "count=$(wc -c)\n"
                             "wait\n"
                             "echo \"$count\"");
  const auto result = kubectl(binary).run({{}, std::string(20'000'000, 'i')});

  EXPECT_TRUE(result.ok()) << result.error_line();
  ASSERT_EQ(result.out.size(), 30'000'000u + 9u);
  EXPECT_EQ(result.out.find_first_not_of('o'), 30'000'000u);
  EXPECT_EQ(result.out.substr(30'000'000), "20000000\n");
  EXPECT_EQ(result.err.size(), 10'000'000u);
  EXPECT_EQ(result.err.find_first_not_of('e'), std::string::npos);
}

TEST_F(KubectlProcess, FeedsInputAndClosesStdin) {
  const auto cat = kubectl(script("cat", "cat"));
  EXPECT_EQ(cat.run({{}, "hello\n"}).out, "hello\n");
  EXPECT_EQ(cat.run({{}, ""}).out, "");
}

TEST_F(KubectlProcess, SurvivesAChildThatIgnoresItsInput) {
  const auto result = kubectl(script("quit", "exit 0")).run({{}, std::string(20'000'000, 'i')});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_FALSE(result.timed_out);
}

// The plugin ignores SIGPIPE so that a child that exits early cannot kill it; kubectl must not
// inherit that.
TEST_F(KubectlProcess, ChildGetsTheDefaultSigpipe) {
  const auto result =
      kubectl(script("sigign", "sed -n 's/^SigIgn:\\s*//p' /proc/$$/status")).run({});
  ASSERT_TRUE(result.ok()) << result.error_line();
  const auto ignored = std::stoull(result.out, nullptr, 16);
  EXPECT_EQ(ignored & (1ull << (SIGPIPE - 1)), 0u) << result.out;
}

TEST_F(KubectlProcess, ReportsExitCodeAndStderr) {
  const auto result = kubectl(script("fail", "echo partial; echo 'error: oops' >&2; exit 3"))
                          .run({{"get", "pods"}, ""});
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.out, "partial\n");
  EXPECT_EQ(result.err, "error: oops\n");
  EXPECT_EQ(result.error_line(), "oops");
}

TEST_F(KubectlProcess, ReportsACrashBySignalAsExitCodeAbove128) {
  const auto result = kubectl(script("crash", "kill -SEGV $$")).run({});
  EXPECT_FALSE(result.ok());
  EXPECT_FALSE(result.timed_out);
  EXPECT_GE(result.exit_code, 128);
  EXPECT_EQ(result.exit_code, 128 + SIGSEGV);
}

// State of a process from /proc: 'Z' for a zombie; nullopt when it is gone.
std::optional<char> process_state(const std::string& pid) {
  std::ifstream stat("/proc/" + pid + "/stat");
  std::string line;
  if (!std::getline(stat, line) || line.rfind(')') == std::string::npos) {
    return std::nullopt;
  }
  return line[line.rfind(')') + 2];
}

// Waits up to a second for the process to be gone (or a zombie nobody reaped yet).
bool ends_soon(const std::string& pid) {
  std::optional<char> state = process_state(pid);
  for (int i = 0; i < 100 && state && *state != 'Z'; ++i) {
    std::this_thread::sleep_for(10ms);
    state = process_state(pid);
  }
  return !state || *state == 'Z';
}

TEST_F(KubectlProcess, KillsAHangingCallWithItsWholeGroupAtTheTimeout) {
  // The grandchild holds stdout and stderr open: killing only the child would leave us waiting.
  // It outlives the child, so it is gone after the call only if the call killed it: no clock
  // needed to tell a kill at the timeout from a wait for the end.
  const auto pid_file = (dir_ / "grandchild.pid").string();
  const auto binary = script("hang", "sleep 1000 &\necho $! > " + pid_file + "\nsleep 100");

  const auto start = Clock::now();
  const auto result = kubectl(binary, 1s).run({});

  EXPECT_TRUE(result.timed_out);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.error_line(), "kubectl did not answer within 1s: kubectl");
  EXPECT_GE(Clock::now() - start, 1s);

  std::string grandchild;
  std::ifstream(pid_file) >> grandchild;
  ASSERT_FALSE(grandchild.empty());
  EXPECT_TRUE(ends_soon(grandchild)) << "grandchild " << grandchild << " still runs";
  if (!ends_soon(grandchild))
    ::kill(std::stoi(grandchild), SIGKILL);
}

TEST_F(KubectlProcess, NamesTheCallThatDidNotAnswerWithoutTheGlobalFlags) {
  KubectlOptions options;
  options.binary = script("hang", "exec sleep 100");
  options.timeout = 1s;
  options.flags.context = "admin";
  const auto result = Kubectl(options).run({{"get", "configmaps", "-l", "a b"}, ""});
  EXPECT_EQ(result.error_line(),
            "kubectl did not answer within 1s: kubectl get configmaps -l 'a b'");
  EXPECT_EQ(error_of([&] { throw_kubectl_failure(result, "cannot list configmaps"); }),
            "kubectl did not answer within 1s: kubectl get configmaps -l 'a b'");
}

TEST_F(KubectlProcess, ACallThatWaitsByDesignGetsItsWaitOnTopOfTheBound) {
  const auto runner = kubectl(script("nap", "sleep 1.5; echo done"), 1s);
  EXPECT_TRUE(runner.run({{"wait"}, ""}).timed_out);
  const auto waited = runner.run({{"wait"}, "", 1s});
  EXPECT_TRUE(waited.ok()) << waited.error_line();
  EXPECT_EQ(waited.out, "done\n");
}

TEST_F(KubectlProcess, KillsAChildThatClosedItsPipesButLingers) {
  const auto pid_file = (dir_ / "linger.pid").string();
  const auto result = kubectl(script("linger", "echo $$ > " + pid_file +
                                                   "\nexec >/dev/null 2>&1 </dev/null\n"
                                                   "exec sleep 1000"),
                              1s)
                          .run({});
  EXPECT_TRUE(result.timed_out);
  std::string pid;
  std::ifstream(pid_file) >> pid;
  ASSERT_FALSE(pid.empty());
  EXPECT_TRUE(ends_soon(pid)) << "the lingering call " << pid << " still runs";
}

TEST_F(KubectlProcess, RunningCallGivesItsFirstLineAndDiesWhenStopped) {
  const auto pid_file = (dir_ / "server.pid").string();
  const auto binary = script("serve", "echo $$ > " + pid_file +
                                          "\necho 'Starting to serve'\n"
                                          "echo more\nexec sleep 100");
  std::string pid;
  {
    auto running = kubectl(binary).start({{"proxy"}, ""});
    EXPECT_EQ(running.first_line("cannot start"), "Starting to serve");
    EXPECT_EQ(running.first_line("cannot start"), "Starting to serve");
    std::ifstream(pid_file) >> pid;
    ASSERT_FALSE(pid.empty());
    EXPECT_TRUE(process_state(pid).has_value()) << "the call ended while running";
  }
  EXPECT_TRUE(ends_soon(pid)) << "the stopped call " << pid << " still runs";
}

TEST_F(KubectlProcess, RunningCallThatExitsBeforeItsFirstLineGivesItsReason) {
  auto running = kubectl(script("fail", "echo 'error: context \"x\" does not exist' >&2\nexit 1"))
                     .start({{"proxy"}, ""});
  EXPECT_EQ(error_of([&] { running.first_line("cannot start 'kubectl proxy'"); }),
            "cannot start 'kubectl proxy': context \"x\" does not exist");
}

TEST_F(KubectlProcess, RunningCallThatSaysNothingTimesOut) {
  auto running = kubectl(script("mute", "exec sleep 100"), 1s).start({{"proxy"}, ""});
  EXPECT_EQ(error_of([&] { running.first_line("cannot start"); }),
            "kubectl did not answer within 1s: kubectl proxy");
}

TEST_F(KubectlProcess, RunningCallDiesWithThePluginThatStartedIt) {
  const auto pid_file = (dir_ / "server.pid").string();
  const auto binary = script("serve", "echo $$ > " + pid_file + "\necho ready\nexec sleep 100");
  const pid_t plugin = ::fork();
  ASSERT_GE(plugin, 0);
  if (plugin == 0) {
    // The plugin, killed before it could stop what it started.
    auto running = kubectl(binary).start({{"proxy"}, ""});
    running.first_line("cannot start");
    ::kill(::getpid(), SIGKILL);
  }
  int status = 0;
  ::waitpid(plugin, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  std::string pid;
  std::ifstream(pid_file) >> pid;
  ASSERT_FALSE(pid.empty());
  EXPECT_TRUE(ends_soon(pid)) << "the orphaned call " << pid << " still runs";
}

TEST_F(KubectlProcess, CallDiesWithThePluginThatStartedIt) {
  const auto pid_file = (dir_ / "call.pid").string();
  const auto binary = script("hang", "echo $$ > " + pid_file + ".tmp\nmv " + pid_file + ".tmp " +
                                         pid_file + "\nexec sleep 100");
  const pid_t plugin = ::fork();
  ASSERT_GE(plugin, 0);
  if (plugin == 0) {
    // The plugin, killed while it waits for a call that hangs.
    std::thread killer([&] {
      while (!fs::exists(pid_file))
        std::this_thread::sleep_for(10ms);
      ::kill(::getpid(), SIGKILL);
    });
    kubectl(binary).run({{"get", "pods"}, ""});
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(plugin, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  std::string pid;
  std::ifstream(pid_file) >> pid;
  ASSERT_FALSE(pid.empty());
  EXPECT_TRUE(ends_soon(pid)) << "the orphaned call " << pid << " still runs";
  if (!ends_soon(pid))
    ::kill(std::stoi(pid), SIGKILL);
}

TEST_F(KubectlProcess, CurrentTargetNamesAKubeconfigThatDoesNotExist) {
  KubectlOptions options;
  options.binary =
      script("kubectl", "echo 'error: current-context must exist in order to minify' >&2\nexit 1");
  options.flags.kubeconfig = (dir_ / "no" / "such").string();
  EXPECT_EQ(error_of([&] { current_target(Kubectl(options)); }),
            "cannot read kubeconfig '" + *options.flags.kubeconfig + "': no such file");
}

TEST_F(KubectlProcess, AppendsGlobalFlagsAndLogsTheCommandLine) {
  KubectlOptions options;
  options.binary = script("echo", "printf '%s\\n' \"$@\"");
  options.flags.kubeconfig = "/tmp/a b/config";
  options.flags.context = "admin";
  std::vector<std::string> logged;
  options.log = [&](const std::string& line) { logged.push_back(line); };

  const auto result = Kubectl(options).run({{"get", "configmaps", "-n", "team-a"}, ""});

  EXPECT_EQ(result.out,
            "get\nconfigmaps\n-n\nteam-a\n--kubeconfig=/tmp/a b/config\n--context=admin\n");
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(
      logged[0],
      options.binary + " get configmaps -n team-a '--kubeconfig=/tmp/a b/config' --context=admin");
}

TEST_F(KubectlProcess, KeepsGlobalFlagsBeforeADoubleDash) {
  KubectlOptions options;
  options.binary = script("echo", "echo \"$@\"");
  options.flags.context = "admin";
  EXPECT_EQ(Kubectl(options).run({{"exec", "web", "--", "ls", "-l"}, ""}).out,
            "exec web --context=admin -- ls -l\n");
}

TEST_F(KubectlProcess, SaysKubectlIsNotInPath) {
  ScopedEnv path("PATH", dir_.string());
  EXPECT_EQ(error_of([] { Kubectl(KubectlOptions{}).run({}); }),
            "cannot run 'kubectl': not found in PATH (install kubectl, or set $KUBECTL or "
            "--kubectl)");
}

TEST_F(KubectlProcess, FindsKubectlInPath) {
  script("kubectl", "echo found");
  ScopedEnv path("PATH", "/nonexistent:" + dir_.string());
  EXPECT_EQ(Kubectl(KubectlOptions{}).run({}).out, "found\n");
}

TEST_F(KubectlProcess, SaysAGivenBinaryDoesNotExist) {
  const auto missing = (dir_ / "no" / "kubectl").string();
  EXPECT_EQ(error_of([&] { kubectl(missing).run({}); }),
            "cannot run '" + missing + "': no such file");
}

TEST_F(KubectlProcess, SaysAGivenBinaryIsNotExecutable) {
  const auto path = dir_ / "plain";
  std::ofstream(path) << "not a program\n";
  EXPECT_EQ(error_of([&] { kubectl(path.string()).run({}); }),
            "cannot run '" + path.string() + "': not an executable file");
  EXPECT_EQ(error_of([&] { kubectl(dir_.string()).run({}); }),
            "cannot run '" + dir_.string() + "': not an executable file");
}

TEST_F(KubectlProcess, SaysABinaryThatCannotStart) {
  const auto path = dir_ / "garbage";
  std::ofstream(path) << "\x7f"
                         "ELF garbage";
  fs::permissions(path, fs::perms::owner_all);
  const auto message = error_of([&] { kubectl(path.string()).run({}); });
  EXPECT_EQ(message.rfind("cannot run '" + path.string() + "': ", 0), 0u) << message;
}

TEST_F(KubectlProcess, RunAllKeepsCallOrderAndRunsConcurrently) {
  // A rendezvous instead of a stopwatch: each call waits (up to 10 s) until all four have
  // started, which only calls running at once can do; one at a time, each says "alone".
  const auto started = dir_ / "started";
  fs::create_directory(started);
  const auto runner = kubectl(script(
      "meet", "touch '" + started.string() + "/'\"$1\"\nfor i in $(seq 200); do\n" + "  [ $(ls '" +
                  started.string() + "' | wc -l) -ge 4 ] && echo \"$1\" && exit 0\n" +
                  "  sleep 0.05\ndone\necho alone"));
  const std::vector<KubectlCall> calls = {{{"0"}, ""}, {{"1"}, ""}, {{"2"}, ""}, {{"3"}, ""}};

  const auto results = runner.run_all(calls, 4);

  ASSERT_EQ(results.size(), 4u);
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].out, std::to_string(i) + "\n");
  }
}

TEST_F(KubectlProcess, RunAllKeepsCallOrderWhenLaterCallsFinishFirst) {
  const auto runner = kubectl(script("nap", "sleep \"$1\"; echo \"$1\""));
  std::vector<KubectlCall> calls;
  for (const char* nap : {"0.4", "0.3", "0.2", "0.1", "0", "0.1"}) {
    calls.push_back({{nap}, ""});
  }
  const auto results = runner.run_all(calls, 3);
  ASSERT_EQ(results.size(), calls.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].out, calls[i].args[0] + "\n");
  }
}

TEST_F(KubectlProcess, RunAllHandlesNoCallsAndNoConcurrency) {
  const auto runner = kubectl(script("echo", "echo \"$1\""));
  EXPECT_TRUE(runner.run_all({}, 4).empty());
  const auto results = runner.run_all({{{"a"}, ""}, {{"b"}, ""}}, 0);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1].out, "b\n");
}

// A pipe end of one call inherited by another call's child would hold that pipe open: a stdin
// that never ends, output that ends late.
TEST_F(KubectlProcess, RunAllChildrenInheritOnlyTheirOwnPipes) {
  const auto runner = kubectl(script("fds", "cat >/dev/null; sleep 0.2; ls /proc/$$/fd"));
  const auto alone = runner.run({{}, "x"});
  ASSERT_TRUE(alone.ok()) << alone.error_line();

  const std::vector<KubectlCall> calls(8, KubectlCall{{}, std::string(1'000'000, 'x')});
  for (const auto& result : runner.run_all(calls, 8)) {
    EXPECT_TRUE(result.ok()) << result.error_line();
    EXPECT_EQ(result.out, alone.out);
  }
}

TEST_F(KubectlProcess, RunCheckedThrowsWhatFailedAndWhy) {
  const auto runner = kubectl(script("deny",
                                     "echo 'Error from server (Forbidden): configmaps is "
                                     "forbidden: User \"viewer\" cannot list' >&2; exit 1"));
  EXPECT_EQ(error_of([&] {
              runner.run_checked({{"get", "configmaps"}, ""}, "cannot list configmaps");
            }),
            "cannot list configmaps: Error from server (Forbidden): configmaps is forbidden: User "
            "\"viewer\" cannot list");
  EXPECT_EQ(kubectl(script("ok", "echo fine")).run_checked({}, "cannot"), "fine\n");
}

}  // namespace
}  // namespace gitops::kube
