#include "fixture.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include "kube/kubectl.hpp"

namespace gitops::testing {

std::string shell_quote(const std::string& word) {
  std::string quoted = "'";
  for (char c : word)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

RunResult shell(const std::string& command, const std::filesystem::path& cwd) {
  // Through the kube seam's runner: it captures both streams without deadlock.
  kube::KubectlOptions options;
  options.binary = "/bin/sh";
  options.timeout = std::chrono::seconds(240);
  kube::Kubectl runner(options);
  auto result = runner.run(
      {{"-c", "cd " + shell_quote(std::filesystem::absolute(cwd).string()) + " && " + command},
       ""});
  return {result.exit_code, result.out, result.err};
}

RunResult run_plugin(const std::string& plugin, const std::vector<std::string>& args,
                     const std::filesystem::path& cwd, const std::string& env_prefix) {
  std::string command =
      env_prefix + " " + shell_quote(std::string(GITOPS_BIN_DIR) + "/kubectl-" + plugin);
  for (const auto& arg : args)
    command += " " + shell_quote(arg);
  return shell(command, cwd);
}

RunResult kubectl(const std::string& args, const std::string& input, bool check) {
  EXPECT_NE(std::getenv("KUBECONFIG"), nullptr)
      << "KUBECONFIG must point at the local cluster (scripts/test.sh starts one)";
  std::string command = "kubectl " + args;
  if (!input.empty()) {
    auto file = std::filesystem::temp_directory_path() / unique_name("kubectl-input");
    std::ofstream(file) << input;
    command += " -f " + shell_quote(file.string());
    auto result = shell(command);
    std::filesystem::remove(file);
    if (check)
      EXPECT_EQ(result.exit_code, 0) << command << "\n" << result.err;
    return result;
  }
  auto result = shell(command);
  if (check)
    EXPECT_EQ(result.exit_code, 0) << command << "\n" << result.err;
  return result;
}

std::string config_map(const std::string& ns, const std::string& name, const std::string& value) {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
         "\ndata:\n  key: \"" + value + "\"\n";
}

int lines_of(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

std::string unique_name(const std::string& prefix) {
  static std::mt19937_64 random{std::random_device{}()};
  static const char* digits = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string suffix;
  for (int i = 0; i < 6; ++i)
    suffix += digits[random() % 36];
  return prefix + "-" + suffix;
}

TempRepo::TempRepo() {
  auto result = git("init -q -b main");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

void TempRepo::write(const std::string& relative, const std::string& content) const {
  folder_.write(relative, content);
}

void TempRepo::remove(const std::string& relative) const {
  folder_.remove(relative);
}

std::string TempRepo::read(const std::string& relative) const {
  return folder_.read(relative);
}

RunResult TempRepo::git(const std::string& args) const {
  return shell(
      "GIT_AUTHOR_NAME='Test Author' GIT_AUTHOR_EMAIL=author@example.com "
      "GIT_COMMITTER_NAME='Test Author' GIT_COMMITTER_EMAIL=author@example.com git " +
          args,
      path());
}

std::string TempRepo::commit(const std::string& message) const {
  auto added = git("add -A");
  EXPECT_EQ(added.exit_code, 0) << added.err;
  auto committed = git("commit -q --allow-empty -m " + shell_quote(message));
  EXPECT_EQ(committed.exit_code, 0) << committed.err;
  auto head = git("rev-parse HEAD");
  return head.out.substr(0, 40);
}

}  // namespace gitops::testing
