#pragma once

#include <filesystem>
#include <string>

namespace gitops::util {

// A fresh folder (mode 0700) under the system's temporary directory, or under `root`, removed with
// everything in it when this object goes out of scope.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "kubectl-gitops",
                   const std::filesystem::path& root = std::filesystem::temp_directory_path());
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace gitops::util
