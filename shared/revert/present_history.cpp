#include "revert/present_history.hpp"

#include <iomanip>
#include <sstream>

#include "revert/target.hpp"
#include "sync/present_sync.hpp"

namespace gitops::revert {

namespace {

std::string fit(const std::string& text, std::size_t width) {
  return text.size() <= width ? text : text.substr(0, width - 3) + "...";
}

}  // namespace

std::string present_history_text(const sync::AppRecord& record) {
  std::ostringstream out;
  out << "app " << record.name << ": " << record.repository;
  for (std::size_t i = 0; i < record.paths.size(); ++i)
    out << (i ? ", " : " (") << record.paths[i];
  out << (record.paths.empty() ? "" : ")") << "\n";
  if (record.pin)
    out << "PINNED " << sync::describe_pin(record) << "\n";
  const auto* live = live_record(record);
  out << "    #  REVISION  SUBJECT                         SYNCED                BY            "
         "RESULT\n";
  int number = 0;
  for (const auto& entry : record.history) {
    ++number;
    out << (&entry == live ? "  * " : "    ") << std::left << std::setw(3) << number
        << std::setw(10) << entry.commit.substr(0, 7) << std::setw(32) << fit(entry.subject, 31)
        << std::setw(22) << entry.synced_at << std::setw(14) << fit(entry.synced_by, 13)
        << sync::to_string(entry.result)
        << (entry.kind == sync::SyncKind::sync ? "" : " (" + sync::to_string(entry.kind) + ")")
        << "\n";
  }
  if (record.history.empty())
    out << "    (no syncs recorded)\n";
  return out.str();
}

std::string present_history_json(const sync::AppRecord& record) {
  nlohmann::ordered_json json;
  json["apiVersion"] = "gitops.kubectl.dev/v1";
  json["kind"] = "AppHistory";
  json["app"] = record.name;
  json["repository"] = record.repository;
  json["paths"] = record.paths;
  json["pinned"] = sync::pin_json(record);
  const auto* live = live_record(record);
  auto entries = nlohmann::ordered_json::array();
  int number = 0;
  for (const auto& entry : record.history) {
    entries.push_back({{"number", ++number},
                       {"live", &entry == live},
                       {"commit", entry.commit},
                       {"subject", entry.subject},
                       {"author", entry.author},
                       {"syncedAt", entry.synced_at},
                       {"syncedBy", entry.synced_by},
                       {"result", sync::to_string(entry.result)},
                       {"kind", sync::to_string(entry.kind)},
                       {"message", entry.message}});
  }
  json["history"] = entries;
  return json.dump(2) + "\n";
}

}  // namespace gitops::revert
