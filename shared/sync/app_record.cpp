#include "sync/app_record.hpp"

#include <set>

#include "error.hpp"

namespace gitops::sync {

namespace {

Value member_to_json(const MemberObject& member) {
  Value json = {
      {"apiVersion", member.api_version}, {"kind", member.id.kind}, {"name", member.id.name}};
  if (!member.id.namespace_.empty())
    json["namespace"] = member.id.namespace_;
  return json;
}

MemberObject member_from_json(const Value& json) {
  MemberObject member;
  member.api_version = json.at("apiVersion").get<std::string>();
  member.id.group = manifest::group_of(member.api_version);
  member.id.kind = json.at("kind").get<std::string>();
  member.id.namespace_ = json.value("namespace", "");
  member.id.name = json.at("name").get<std::string>();
  return member;
}

Value record_to_json(const SyncRecord& record) {
  return {{"commit", record.commit},
          {"subject", record.subject},
          {"author", record.author},
          {"commitTime", record.commit_time},
          {"syncedAt", record.synced_at},
          {"syncedBy", record.synced_by},
          {"result", to_string(record.result)},
          {"message", record.message},
          {"kind", to_string(record.kind)},
          {"counts",
           {{"created", record.created},
            {"updated", record.updated},
            {"unchanged", record.unchanged},
            {"pruned", record.pruned},
            {"failed", record.failed}}}};
}

// `record_name` names the app record in the Error for a word that is not a result or kind.
SyncRecord record_from_json(const Value& json, const std::string& record_name) {
  const auto unknown = [&](const std::string& what, const std::string& word) {
    return Error("the app record " + quoted(record_name) + " is damaged: its history holds the " +
                 "unknown " + what + " " + quoted(word));
  };
  SyncRecord record;
  record.commit = json.value("commit", "");
  record.subject = json.value("subject", "");
  record.author = json.value("author", "");
  record.commit_time = json.value("commitTime", std::int64_t{0});
  record.synced_at = json.value("syncedAt", "");
  record.synced_by = json.value("syncedBy", "");
  const std::string result = json.value("result", "");
  const auto known_result = parse_sync_result(result);
  if (!known_result)
    throw unknown("result", result);
  record.result = *known_result;
  record.message = json.value("message", "");
  // An entry without a kind is a sync, as it has always been read.
  const std::string kind = json.value("kind", to_string(SyncKind::sync));
  const auto known_kind = parse_sync_kind(kind);
  if (!known_kind)
    throw unknown("kind", kind);
  record.kind = *known_kind;
  const auto counts = json.value("counts", Value::object());
  record.created = counts.value("created", 0);
  record.updated = counts.value("updated", 0);
  record.unchanged = counts.value("unchanged", 0);
  record.pruned = counts.value("pruned", 0);
  record.failed = counts.value("failed", 0);
  return record;
}

// "ConfigMap,Deployment.apps": the kinds an app owns, for ApplySet-aware tools.
std::string group_kinds(const std::vector<MemberObject>& objects) {
  std::set<std::string> kinds;
  for (const auto& member : objects) {
    kinds.insert(member.id.group.empty() ? member.id.kind : member.id.kind + "." + member.id.group);
  }
  std::string joined;
  for (const auto& kind : kinds)
    joined += (joined.empty() ? "" : ",") + kind;
  return joined;
}

}  // namespace

const SyncRecord* AppRecord::current() const {
  for (const auto& record : history) {
    if (record.result == SyncResult::succeeded)
      return &record;
  }
  return nullptr;
}

void AppRecord::add_history(SyncRecord record) {
  history.insert(history.begin(), std::move(record));
  if (history.size() > kHistoryLimit)
    history.resize(kHistoryLimit);
}

std::string record_object_name(const std::string& app) {
  return "gitsync-" + app;
}

Value to_config_map(const AppRecord& record) {
  Value objects = Value::array();
  for (const auto& member : record.objects)
    objects.push_back(member_to_json(member));
  Value history = Value::array();
  for (const auto& entry : record.history)
    history.push_back(record_to_json(entry));
  Value app = {{"name", record.name},
               {"repository", record.repository},
               {"paths", record.paths},
               {"prune", record.prune}};
  Value pin = nullptr;
  if (record.pin) {
    pin = {{"commit", record.pin->commit},
           {"subject", record.pin->subject},
           {"pinnedAt", record.pin->pinned_at},
           {"pinnedBy", record.pin->pinned_by}};
  }
  Value suspension = nullptr;
  if (record.suspension) {
    suspension = {{"suspendedAt", record.suspension->suspended_at},
                  {"suspendedBy", record.suspension->suspended_by}};
  }
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata",
           {{"name", record_object_name(record.name)},
            {"namespace", record.record_namespace},
            {"labels",
             {{"app.kubernetes.io/managed-by", "kubectl-gitsync"},
              {"gitops.kubectl.dev/app", record.name}}},
            {"annotations",
             {{"applyset.kubernetes.io/tooling", std::string("kubectl-gitsync/v") + GITOPS_VERSION},
              {"applyset.kubernetes.io/contains-group-kinds", group_kinds(record.objects)}}}}},
          {"data",
           {{"app.json", app.dump()},
            {"objects.json", objects.dump()},
            {"history.json", history.dump()},
            {"pin.json", pin.dump()},
            {"suspension.json", suspension.dump()}}}};
}

AppRecord from_config_map(const Value& config_map) {
  const auto name = config_map.value("metadata", Value::object()).value("name", "");
  try {
    const auto& data = config_map.at("data");
    auto app = Value::parse(data.at("app.json").get<std::string>());
    AppRecord record;
    record.name = app.at("name").get<std::string>();
    record.record_namespace = config_map["metadata"].value("namespace", kDefaultRecordNamespace);
    record.repository = app.value("repository", "");
    record.paths = app.value("paths", std::vector<std::string>());
    record.prune = app.value("prune", false);
    for (const auto& member : Value::parse(data.value("objects.json", "[]"))) {
      record.objects.push_back(member_from_json(member));
    }
    for (const auto& entry : Value::parse(data.value("history.json", "[]"))) {
      record.history.push_back(record_from_json(entry, name));
    }
    auto pin = Value::parse(data.value("pin.json", "null"));
    if (pin.is_object()) {
      record.pin = Pin{pin.value("commit", ""), pin.value("subject", ""), pin.value("pinnedAt", ""),
                       pin.value("pinnedBy", "")};
    }
    auto suspension = Value::parse(data.value("suspension.json", "null"));
    if (suspension.is_object()) {
      record.suspension =
          Suspension{suspension.value("suspendedAt", ""), suspension.value("suspendedBy", "")};
    }
    return record;
  } catch (const nlohmann::json::exception& error) {
    throw Error("the app record " + quoted(name) + " is damaged: " + error.what());
  }
}

}  // namespace gitops::sync
