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

#include "scratch_folder.hpp"

namespace gitops::testing {

class ScratchGit {
 public:
  // `bare`: a repository without a working tree, such as a remote.
  explicit ScratchGit(bool bare = false) {
    run(std::string("git init -q -b main") + (bare ? " --bare" : ""));
    run("git config user.name 'Ada Lovelace' && git config user.email ada@example.com");
  }
  // A clone of `origin` (its remote "origin").
  explicit ScratchGit(const ScratchGit& origin, const std::string& /*clone*/) {
    run("git clone -q '" + origin.root().string() + "' . 2>/dev/null");
    run("git config user.name 'Ada Lovelace' && git config user.email ada@example.com");
  }
  ScratchGit(const ScratchGit&) = delete;
  ScratchGit& operator=(const ScratchGit&) = delete;

  const std::filesystem::path& root() const { return folder_.path(); }

  void write(const std::string& path, const std::string& content) const {
    folder_.write(path, content);
  }

  std::string read(const std::string& path) const { return folder_.read(path); }

  // Runs a shell command in the repository; throws when it fails.
  void run(const std::string& command) const {
    const std::string full =
        "cd '" + root().string() + "' && export " + environment() + "&& " + command + " >/dev/null";
    if (std::system(full.c_str()) != 0) {
      throw std::runtime_error("command failed: " + full);
    }
  }

  // `git ARGS`'s output, without the final line break.
  std::string git(const std::string& arguments) const {
    const std::string command =
        "cd '" + root().string() + "' && export " + environment() + "&& git " + arguments;
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

  ScratchFolder folder_{"gitops-scratch-git"};
};

}  // namespace gitops::testing
