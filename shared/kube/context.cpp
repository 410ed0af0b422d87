#include "kube/context.hpp"

#include <nlohmann/json.hpp>

#include "error.hpp"

namespace gitops::kube {

namespace {

constexpr const char* kNoCurrentContext =
    "no current context in the kubeconfig: set one or pass --context";

// The entry of a kubeconfig list ("contexts", "clusters") with that name, else the first.
const nlohmann::json* entry_named(const nlohmann::json& config, const char* list,
                                  const std::string& name) {
  const auto entries = config.find(list);
  if (entries == config.end() || !entries->is_array() || entries->empty()) {
    return nullptr;
  }
  for (const auto& entry : *entries) {
    if (entry.value("name", "") == name) {
      return &entry;
    }
  }
  return &entries->front();
}

std::string string_at(const nlohmann::json* entry, const char* object, const char* field) {
  if (entry == nullptr || !entry->contains(object) || !(*entry)[object].is_object()) {
    return {};
  }
  return (*entry)[object].value(field, "");
}

}  // namespace

ClusterTarget parse_target(std::string_view minified_config_json, const GlobalFlags& flags) {
  nlohmann::json config;
  try {
    config = nlohmann::json::parse(minified_config_json);
  } catch (const nlohmann::json::exception& error) {
    throw Error("cannot read 'kubectl config view' output: " + std::string(error.what()));
  }
  ClusterTarget target;
  target.context = flags.context ? *flags.context : config.value("current-context", "");
  if (target.context.empty()) {
    throw Error(kNoCurrentContext);
  }
  const auto* context = entry_named(config, "contexts", target.context);
  const auto cluster_name =
      flags.cluster ? *flags.cluster : string_at(context, "context", "cluster");
  target.server = string_at(entry_named(config, "clusters", cluster_name), "cluster", "server");
  target.namespace_ =
      flags.namespace_ ? *flags.namespace_ : string_at(context, "context", "namespace");
  if (target.namespace_.empty()) {
    target.namespace_ = "default";
  }
  return target;
}

ClusterTarget current_target(const Kubectl& kubectl) {
  const auto result = kubectl.run({{"config", "view", "--minify", "-o", "json"}, ""});
  if (!result.ok()) {
    if (result.err.find("current-context must exist") != std::string::npos) {
      throw Error(kNoCurrentContext);
    }
    throw_kubectl_failure(result, "cannot read the kubeconfig");
  }
  return parse_target(result.out, kubectl.options().flags);
}

}  // namespace gitops::kube
