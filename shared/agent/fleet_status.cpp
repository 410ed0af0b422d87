#include "agent/fleet_status.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "error.hpp"
#include "git/clone_cache.hpp"
#include "git/remote.hpp"
#include "git/repository.hpp"
#include "kube/api_proxy.hpp"
#include "sync/present_sync.hpp"
#include "sync/record_store.hpp"
#include "util/parallel.hpp"

namespace gitops::agent {

namespace {

// The repository an app's drift is judged against, when one is at hand: its folder, or the
// cached clone of its URL (as the agent last fetched it; status never fetches).
std::optional<git::Repository> repository_of(const AppSpec& spec) {
  if (spec.repository.empty())
    return std::nullopt;
  if (!git::is_remote_url(spec.repository))
    return git::Repository::find(spec.repository);
  const auto folder = git::cache_folder(git::default_cache_root(), spec.repository);
  if (!std::filesystem::exists(folder))
    return std::nullopt;
  return git::Repository::find(folder);
}

FleetRow status_of(const AppSpec& spec, const kube::KubectlOptions& options) {
  FleetRow row{spec.name, spec.context, std::nullopt, ""};
  auto app_options = options;
  if (!spec.context.empty())
    app_options.flags.context = spec.context;
  try {
    const kube::Kubectl kubectl(app_options);
    kube::ApiProxy api(kubectl);
    const auto repository = repository_of(spec);
    row.status = sync::app_status(
        kubectl, api, repository ? &*repository : nullptr,
        spec.record_namespace.empty() ? sync::kDefaultRecordNamespace : spec.record_namespace,
        spec.name, spec.render);
  } catch (const Error& error) {
    row.error = error.what();
  }
  return row;
}

// "pinned", "suspended", the last sync's result when it failed, else "-".
std::string state_of(const sync::AppRecord& record) {
  if (record.pin)
    return "pinned at " + git::short_sha(record.pin->commit);
  if (record.suspension)
    return "suspended";
  if (!record.history.empty() && record.history.front().result != sync::SyncResult::succeeded)
    return "last sync " + sync::to_string(record.history.front().result);
  return "-";
}

std::string health_of(const sync::AppStatus& status) {
  const auto state = status.overall();
  return state == sync::HealthState::current ? "healthy" : sync::to_string(state);
}

std::string drift_of(const sync::AppStatus& status) {
  return status.drifted ? std::to_string(*status.drifted) : "unknown";
}

}  // namespace

std::vector<FleetRow> fleet_status(const std::vector<AppSpec>& apps,
                                   const kube::KubectlOptions& kubectl) {
  std::vector<FleetRow> rows(apps.size());
  util::parallel_for(apps.size(), std::min<std::size_t>(apps.size(), 8),
                     [&](std::size_t i) { rows[i] = status_of(apps[i], kubectl); });
  return rows;
}

std::vector<AppSpec> recorded_apps(const kube::KubectlOptions& kubectl,
                                   const std::string& record_namespace,
                                   const std::string& repository) {
  std::vector<AppSpec> apps;
  for (const auto& name : sync::list_apps(kube::Kubectl(kubectl), record_namespace)) {
    AppSpec spec;
    spec.name = name;
    spec.record_namespace = record_namespace;
    spec.repository = repository;
    apps.push_back(std::move(spec));
  }
  std::sort(apps.begin(), apps.end(),
            [](const AppSpec& a, const AppSpec& b) { return a.name < b.name; });
  return apps;
}

std::string present_fleet_text(const std::vector<FleetRow>& rows) {
  std::vector<std::vector<std::string>> table{
      {"APP", "CONTEXT", "REVISION", "SYNCED", "HEALTH", "DRIFT", "STATE"}};
  for (const auto& row : rows) {
    const auto context = row.context.empty() ? "(current)" : row.context;
    if (!row.status) {
      table.push_back({row.app, context, "-", "-", "-", "-", "error: " + row.error});
      continue;
    }
    const auto& record = row.status->record;
    const auto* current = record.current();
    table.push_back({row.app, context, current ? git::short_sha(current->commit) : "none",
                     current ? current->synced_at : "-", health_of(*row.status),
                     drift_of(*row.status), state_of(record)});
  }
  std::vector<std::size_t> widths(table.front().size(), 0);
  for (const auto& line : table) {
    for (std::size_t i = 0; i < line.size(); ++i)
      widths[i] = std::max(widths[i], line[i].size());
  }
  std::ostringstream out;
  for (const auto& line : table) {
    std::string text;
    for (std::size_t i = 0; i < line.size(); ++i) {
      text += line[i];
      if (i + 1 < line.size())
        text += std::string(widths[i] - line[i].size() + 2, ' ');
    }
    out << text << "\n";
  }
  return out.str();
}

std::string present_fleet_json(const std::vector<FleetRow>& rows) {
  auto items = nlohmann::ordered_json::array();
  for (const auto& row : rows) {
    nlohmann::ordered_json item;
    if (row.status) {
      item = nlohmann::ordered_json::parse(sync::present_status_json(*row.status));
    } else {
      item = {{"apiVersion", "gitops.kubectl.dev/v1"}, {"kind", "AppStatus"}, {"app", row.app}};
      item["error"] = row.error;
    }
    item["context"] = row.context;
    items.push_back(std::move(item));
  }
  const nlohmann::ordered_json list = {
      {"apiVersion", "gitops.kubectl.dev/v1"}, {"kind", "AppStatusList"}, {"items", items}};
  return list.dump(2) + "\n";
}

}  // namespace gitops::agent
