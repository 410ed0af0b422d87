#include "kube/discovery_cache.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <system_error>

namespace gitops::kube {

namespace {

namespace fs = std::filesystem;

constexpr auto kLifetime = std::chrono::minutes(10);

fs::path cache_file(const std::string& server) {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  fs::path root = xdg && *xdg ? fs::path(xdg) : fs::path(home && *home ? home : "/tmp") / ".cache";
  return root / "kubectl-gitops" / "discovery" /
         (std::to_string(std::hash<std::string>{}(server)) + ".txt");
}

bool fresh(const fs::path& file) {
  std::error_code error;
  auto written = fs::last_write_time(file, error);
  return !error && fs::file_time_type::clock::now() - written < kLifetime;
}

bool knows_all(const Discovery& discovery,
               const std::vector<std::pair<std::string, std::string>>& needed) {
  for (const auto& [group, kind] : needed) {
    if (!discovery.find(group, kind))
      return false;
  }
  return true;
}

// Written to a temporary name and renamed, so a concurrent reader never sees half a table. A
// cache that cannot be written is no error: the next run asks the server again.
void store(const fs::path& file, const std::string& table) {
  std::error_code error;
  fs::create_directories(file.parent_path(), error);
  auto temporary = file;
  temporary += "." + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::binary);
    out << table;
    if (!out)
      return;
  }
  fs::rename(temporary, file, error);
}

}  // namespace

Discovery load_discovery(const Kubectl& kubectl, const std::string& server,
                         const std::vector<std::pair<std::string, std::string>>& needed) {
  const auto file = cache_file(server);
  if (!server.empty() && fresh(file)) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream table;
    table << in.rdbuf();
    auto cached = Discovery::parse(table.str());
    if (knows_all(cached, needed))
      return cached;
  }
  auto table = Discovery::fetch_table(kubectl);
  if (!server.empty())
    store(file, table);
  return Discovery::parse(table);
}

}  // namespace gitops::kube
