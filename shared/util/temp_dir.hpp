#pragma once

#include <filesystem>
#include <string>

namespace gitops::util {

// A fresh folder under the system's temporary directory, removed with everything in it when this
// object goes out of scope.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "kubectl-gitops");
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace gitops::util
