#include "util/temp_dir.hpp"

#include <cstdlib>
#include <system_error>

#include "error.hpp"

namespace gitops::util {

TempDir::TempDir(const std::string& prefix, const std::filesystem::path& root) {
  std::string pattern = (root / (prefix + ".XXXXXX")).string();
  if (!mkdtemp(pattern.data())) {
    throw Error("cannot create a temporary folder in " + quoted(root.string()));
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace gitops::util
