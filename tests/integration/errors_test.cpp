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

#include "fixture.hpp"

namespace gitops::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

std::string config_map(const std::string& ns, const std::string& name, const std::string& value) {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
         "\ndata:\n  key: \"" + value + "\"\n";
}

int lines_of(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

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

}  // namespace
}  // namespace gitops::testing
