#include "util/cache.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <system_error>

namespace gitops::util {

namespace fs = std::filesystem;

std::optional<fs::path> cache_folder(const std::string& area) {
  if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache != nullptr && *cache == '/')
    return fs::path(cache) / "kubectl-gitops" / area;
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0')
    return std::nullopt;
  return fs::path(home) / ".cache" / "kubectl-gitops" / area;
}

std::optional<fs::path> cache_file(const std::string& area, const std::string& key,
                                   const std::string& extension) {
  auto folder = cache_folder(area);
  if (!folder)
    return std::nullopt;
  return *folder / (std::to_string(std::hash<std::string>{}(key)) + extension);
}

std::optional<std::string> read_cached(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return std::nullopt;
  std::stringstream content;
  content << in.rdbuf();
  if (in.bad())
    return std::nullopt;
  return content.str();
}

void store_cached(const fs::path& file, const std::string& content) {
  std::error_code error;
  fs::create_directories(file.parent_path(), error);
  auto temporary = file;
  temporary += "." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary);
    out << content;
    if (!out) {
      fs::remove(temporary, error);
      return;
    }
  }
  fs::rename(temporary, file, error);
  if (error)
    fs::remove(temporary, error);
}

}  // namespace gitops::util
