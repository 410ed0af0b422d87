#include "sync/record_store.hpp"

#include "error.hpp"
#include "kube/unscoped.hpp"
#include "manifest/parse.hpp"

namespace gitops::sync {

namespace {
constexpr const char* kRecordManager = "gitsync-record";
}

std::optional<AppRecord> load_record(const kube::Kubectl& kubectl,
                                     const std::string& record_namespace, const std::string& app) {
  auto name = record_object_name(app);
  auto out = kube::unscoped(kubectl).run_checked(
      {{"get", "configmap", name, "--namespace=" + record_namespace, "--ignore-not-found", "-o",
        "json"},
       ""},
      "cannot read the record of app " + quoted(app));
  if (out.find_first_not_of(" \n") == std::string::npos)
    return std::nullopt;
  return from_config_map(manifest::parse_json(out, "get configmap " + name));
}

std::optional<AppRecord> load_record(kube::ApiProxy& api, const std::string& record_namespace,
                                     const std::string& app) {
  auto name = record_object_name(app);
  auto response = api.get("/api/v1/namespaces/" + record_namespace + "/configmaps/" + name);
  if (response.status == 404)
    return std::nullopt;
  if (!response.ok())
    kube::throw_response_failure(response, "cannot read the record of app " + quoted(app));
  return from_config_map(manifest::parse_json(response.body, "the configmap " + name));
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

void save_record(const kube::Kubectl& kubectl, const AppRecord& record) {
  kube::unscoped(kubectl).run_checked(
      {{"apply", "--server-side", "--force-conflicts",
        "--field-manager=" + std::string(kRecordManager), "-f", "-"},
       to_config_map(record).dump()},
      "cannot write the record of app " + quoted(record.name));
}

void ensure_record_namespace(const kube::Kubectl& kubectl, const std::string& record_namespace) {
  auto exists = kubectl.run({{"get", "namespace", record_namespace, "-o", "name"}, ""});
  if (exists.ok())
    return;
  manifest::Value ns = {
      {"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", record_namespace}}}};
  kubectl.run_checked(
      {{"apply", "--server-side", "--field-manager=" + std::string(kRecordManager), "-f", "-"},
       ns.dump()},
      "cannot create the namespace " + quoted(record_namespace) + " for app records");
}

}  // namespace gitops::sync
