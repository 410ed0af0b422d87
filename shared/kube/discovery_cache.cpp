#include "kube/discovery_cache.hpp"

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <system_error>

#include "kube/aggregated_discovery.hpp"
#include "util/cache.hpp"

namespace gitops::kube {

namespace {

namespace fs = std::filesystem;

constexpr auto kLifetime = std::chrono::minutes(10);

std::optional<fs::path> cache_file(const std::string& server) {
  if (server.empty())
    return std::nullopt;
  return util::cache_file("discovery", server, ".txt");
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

}  // namespace

Discovery load_discovery(const Kubectl& kubectl, ApiClient& api, const std::string& server,
                         const std::vector<std::pair<std::string, std::string>>& needed,
                         bool refresh) {
  const auto file = cache_file(server);
  if (file && !refresh && fresh(*file)) {
    if (auto table = util::read_cached(*file)) {
      auto cached = Discovery::parse(*table);
      if (knows_all(cached, needed))
        return cached;
    }
  }
  if (auto aggregated = read_aggregated_discovery(api)) {
    if (file)
      util::store_cached(*file, aggregated->to_table());
    return std::move(*aggregated);
  }
  auto table = Discovery::fetch_table(kubectl);
  if (file)
    util::store_cached(*file, table);
  return Discovery::parse(table);
}

}  // namespace gitops::kube
