#include "sync/record_store.hpp"

#include "error.hpp"
#include "kube/api_requests.hpp"
#include "kube/unscoped.hpp"
#include "manifest/json_parse.hpp"

namespace gitops::sync {

namespace {
constexpr const char* kRecordManager = "gitsync-record";
}

std::optional<AppRecord> load_record(kube::ApiClient& api, const std::string& record_namespace,
                                     const std::string& app) {
  auto name = record_object_name(app);
  auto response = api.get(kube::object_path("v1", "configmaps", record_namespace, name));
  if (response.status == 404)
    return std::nullopt;
  if (!response.ok())
    kube::throw_response_failure(response, "cannot read the record of app " + quoted(app));
  return from_config_map(manifest::parse_json(response.body, "the configmap " + name));
}

AppRecord require_record(kube::ApiClient& api, const std::string& record_namespace,
                         const std::string& app) {
  auto record = load_record(api, record_namespace, app);
  if (!record) {
    throw Error("unknown app " + quoted(app) + ": no sync record in namespace " +
                    quoted(record_namespace) + " (it was never synced there)",
                ErrorKind::not_found);
  }
  return std::move(*record);
}

std::vector<std::string> list_apps(const kube::Kubectl& kubectl,
                                   const std::string& record_namespace) {
  auto out = kube::unscoped(kubectl).run_checked(
      {{"get", "configmaps", "--namespace=" + record_namespace, "-l",
        "app.kubernetes.io/managed-by=kubectl-gitsync", "-o", "json"},
       ""},
      "cannot list the apps in " + quoted(record_namespace));
  std::vector<std::string> apps;
  // Named: a range-for over a member of a temporary would read it after its destruction.
  const auto list = manifest::parse_json(out, "get configmaps");
  for (const auto& item : list["items"]) {
    auto labels = item["metadata"].value("labels", manifest::Value::object());
    apps.push_back(labels.value("gitops.kubectl.dev/app", ""));
  }
  return apps;
}

void save_record(kube::ApiClient& api, const AppRecord& record) {
  const auto path = kube::object_path("v1", "configmaps", record.record_namespace,
                                      record_object_name(record.name));
  const auto response =
      api.send(kube::apply_request(path, to_config_map(record), {kRecordManager, true}));
  if (!response.ok())
    kube::throw_response_failure(response, "cannot write the record of app " + quoted(record.name));
}

void ensure_record_namespace(kube::ApiClient& api, const std::string& record_namespace) {
  const auto path = kube::object_path("v1", "namespaces", "", record_namespace);
  if (api.get(path).ok())
    return;
  const manifest::Value ns = {
      {"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", record_namespace}}}};
  const auto response = api.send(kube::apply_request(path, ns, {kRecordManager, false}));
  if (!response.ok()) {
    kube::throw_response_failure(
        response, "cannot create the namespace " + quoted(record_namespace) + " for app records");
  }
}

}  // namespace gitops::sync
