#include "diff/ownership.hpp"

namespace gitops::diff {

namespace {

void merge_into(Value& into, const Value& from) {
  for (const auto& [key, value] : from.items()) {
    auto existing = into.find(key);
    if (existing == into.end()) {
      into[key] = value;
    } else if (existing->is_object() && value.is_object()) {
      merge_into(*existing, value);
    }
  }
}

}  // namespace

Value owned_fields(const Value& live, const std::string& manager) {
  Value owned = Value::object();
  auto metadata = live.find("metadata");
  if (metadata == live.end() || !metadata->contains("managedFields"))
    return owned;
  for (const auto& entry : (*metadata)["managedFields"]) {
    if (entry.value("manager", "") != manager || entry.value("operation", "") != "Apply")
      continue;
    auto fields = entry.find("fieldsV1");
    if (fields != entry.end() && fields->is_object())
      merge_into(owned, *fields);
  }
  return owned;
}

const Value* owned_key(const Value* owned, const std::string& key) {
  if (!owned || !owned->is_object())
    return nullptr;
  auto it = owned->find("f:" + key);
  return it == owned->end() ? nullptr : &*it;
}

std::vector<OwnedElement> owned_elements(const Value* owned) {
  std::vector<OwnedElement> elements;
  if (!owned || !owned->is_object())
    return elements;
  for (const auto& [key, fields] : owned->items()) {
    if (key.rfind("k:", 0) != 0)
      continue;
    auto keys = Value::parse(key.substr(2), nullptr, false);
    if (keys.is_object())
      elements.push_back({std::move(keys), &fields});
  }
  return elements;
}

bool matches_keys(const Value& element, const Value& keys) {
  if (!element.is_object())
    return false;
  for (const auto& [key, value] : keys.items()) {
    auto it = element.find(key);
    if (it == element.end() || *it != value)
      return false;
  }
  return true;
}

}  // namespace gitops::diff
