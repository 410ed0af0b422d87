#pragma once

// A throwaway repository built with the real git CLI (test code only; the product uses libgit2),
// isolated from the user's and the system's git configuration. For the tests of shared/git's
// write side and of promotions on real history.

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace gitops::testing {

class ScratchGit {
 public:
  // `bare`: a repository without a working tree, such as a remote.
  explicit ScratchGit(bool bare = false) : root_(make_folder()) {
    run(std::string("git init -q -b main") + (bare ? " --bare" : ""));
    run("git config user.name 'Ada Lovelace' && git config user.email ada@example.com");
  }
  // A clone of `origin` (its remote "origin").
  explicit ScratchGit(const ScratchGit& origin, const std::string& /*clone*/)
      : root_(make_folder()) {
    run("git clone -q '" + origin.root().string() + "' . 2>/dev/null");
    run("git config user.name 'Ada Lovelace' && git config user.email ada@example.com");
  }
  ScratchGit(const ScratchGit&) = delete;
  ScratchGit& operator=(const ScratchGit&) = delete;
  ~ScratchGit() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }

  const std::filesystem::path& root() const { return root_; }

  void write(const std::string& path, const std::string& content) const {
    std::filesystem::create_directories((root_ / path).parent_path());
    std::ofstream(root_ / path, std::ios::binary) << content;
  }

  std::string read(const std::string& path) const {
    std::ifstream in(root_ / path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
  }

  // Runs a shell command in the repository; throws when it fails.
  void run(const std::string& command) const {
    const std::string full =
        "cd '" + root_.string() + "' && export " + environment() + "&& " + command + " >/dev/null";
    if (std::system(full.c_str()) != 0) {
      throw std::runtime_error("command failed: " + full);
    }
  }

  // `git ARGS`'s output, without the final line break.
  std::string git(const std::string& arguments) const {
    const std::string command =
        "cd '" + root_.string() + "' && export " + environment() + "&& git " + arguments;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr)
      throw std::runtime_error("cannot run: " + command);
    std::string output;
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr)
      output += buffer;
    if (pclose(pipe) != 0)
      throw std::runtime_error("command failed: " + command);
    while (!output.empty() && output.back() == '\n')
      output.pop_back();
    return output;
  }

  // Stages everything and commits; returns the new commit's SHA.
  std::string commit(const std::string& message) const {
    run("git add -A && git commit -q -m '" + message + "'");
    return git("rev-parse HEAD");
  }

 private:
  static std::string environment() { return "GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null "; }

  static std::filesystem::path make_folder() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "gitops-promote-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("mkdtemp failed");
    return std::filesystem::canonical(pattern);
  }

  std::filesystem::path root_;
};

}  // namespace gitops::testing
