#include "diff/merge_keys.hpp"

#include <map>

namespace gitops::diff {

namespace {

bool every_element_has(const Value& list, const std::string& key) {
  for (const auto& element : list) {
    if (!element.is_object() || !element.contains(key))
      return false;
  }
  return !list.empty();
}

std::string key_text(const Value& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

std::vector<std::string> merge_keys_for(const std::string& field, const Value& desired_list) {
  static const std::map<std::string, std::vector<std::string>> by_field{
      {"containers", {"name"}},
      {"initContainers", {"name"}},
      {"ephemeralContainers", {"name"}},
      {"env", {"name"}},
      {"volumes", {"name"}},
      {"volumeMounts", {"mountPath"}},
      {"volumeDevices", {"devicePath"}},
      {"imagePullSecrets", {"name"}},
      {"hostAliases", {"ip"}},
      {"resourceClaims", {"name"}},
      {"conditions", {"type"}},
      {"topologySpreadConstraints", {"topologyKey", "whenUnsatisfiable"}},
  };
  if (field == "ports") {
    // Container ports and Service ports share a field name and differ in their key.
    if (every_element_has(desired_list, "containerPort"))
      return {"containerPort", "protocol"};
    if (every_element_has(desired_list, "port"))
      return {"port", "protocol"};
    return {};
  }
  auto it = by_field.find(field);
  if (it == by_field.end() || !every_element_has(desired_list, it->second.front()))
    return {};
  return it->second;
}

std::string element_selector(const std::vector<std::string>& keys, const Value& element) {
  std::string selector;
  for (const auto& key : keys) {
    auto value = element.find(key);
    std::string text = value != element.end() ? key_text(*value) : (key == "protocol" ? "TCP" : "");
    selector += (selector.empty() ? "" : ",") + key + "=" + text;
  }
  return selector;
}

}  // namespace gitops::diff
