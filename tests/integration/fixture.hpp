#pragma once

// Helpers for integration tests: temporary git repositories made with the real git CLI, the
// plugins run as a user would run them (a shell in a folder, with KUBECONFIG from the environment),
// and namespaces of their own on the local cluster.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "scratch_folder.hpp"

namespace gitops::testing {

struct RunResult {
  int exit_code = 0;
  std::string out;
  std::string err;
};

// Runs a shell command line in `cwd`; stdin is empty.
RunResult shell(const std::string& command, const std::filesystem::path& cwd = ".");

// Quotes one word for the shell.
std::string shell_quote(const std::string& word);

// Runs `kubectl-<plugin> args...` (the freshly built binary) in `cwd`.
RunResult run_plugin(const std::string& plugin, const std::vector<std::string>& args,
                     const std::filesystem::path& cwd, const std::string& env_prefix = "");

// Runs kubectl against the local cluster; fails the test when it fails and `check` is set.
RunResult kubectl(const std::string& args, const std::string& input = "", bool check = true);

// A ConfigMap manifest whose data holds key: "<value>".
std::string config_map(const std::string& ns, const std::string& name, const std::string& value);

// How many lines `text` holds (its line breaks): an error is exactly one.
int lines_of(const std::string& text);

// A unique, DNS-label name for this test run: "<prefix>-<random>".
std::string unique_name(const std::string& prefix);

// A git repository in a temporary folder, removed at the end of the test.
class TempRepo {
 public:
  TempRepo();

  const std::filesystem::path& path() const { return folder_.path(); }
  void write(const std::string& relative, const std::string& content) const;
  void remove(const std::string& relative) const;
  std::string read(const std::string& relative) const;
  // git add -A && git commit; returns the new commit's full SHA.
  std::string commit(const std::string& message) const;
  // Runs git with the test identity in the repository.
  RunResult git(const std::string& args) const;

 private:
  ScratchFolder folder_{"gitops-test-repo"};
};

// A test with a namespace of its own on the local cluster, one for app records (created by the
// first sync) and a repository; both namespaces are deleted at the end.
class ClusterTest : public ::testing::Test {
 protected:
  explicit ClusterTest(const std::string& prefix)
      : ns_(unique_name(prefix)), records_(unique_name(prefix + "-records")) {}
  void SetUp() override { kubectl("create namespace " + ns_); }
  void TearDown() override {
    kubectl("delete namespace " + ns_ + " " + records_ + " --wait=false --ignore-not-found", "",
            false);
  }

  std::string ns_, records_;
  TempRepo repo_;
};

}  // namespace gitops::testing
