#pragma once

// The one scratch folder of the tests (unit, integration and fuzz): a fresh folder under the
// system's temporary directory, canonical (so paths compare equal to what git and the plugins
// print), removed with everything in it when the object goes.

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace gitops::testing {

class ScratchFolder {
 public:
  explicit ScratchFolder(const std::string& prefix = "gitops-test") : path_(make(prefix)) {}
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& relative) const { return path_ / relative; }

  // Writes `content` to `relative` (its folders made as needed); returns the file's path.
  std::filesystem::path write(const std::string& relative, const std::string& content) const {
    const auto file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
    return file;
  }

  std::string read(const std::string& relative) const {
    std::ifstream in(path_ / relative, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
  }

  void remove(const std::string& relative) const { std::filesystem::remove_all(path_ / relative); }

 private:
  static std::filesystem::path make(const std::string& prefix) {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + ".XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("cannot create a scratch folder '" + pattern + "'");
    return std::filesystem::canonical(pattern);
  }

  std::filesystem::path path_;
};

}  // namespace gitops::testing
