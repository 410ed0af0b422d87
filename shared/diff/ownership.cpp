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

// Whether `object` holds the string `expected` at `key` (false for any other type: the live
// object's managedFields come from the server, whose answer is read, not trusted).
bool holds(const Value& object, const char* key, const std::string& expected) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() && it->get_ref<const std::string&>() == expected;
}

}  // namespace

Value owned_fields(const Value& live, const std::string& manager) {
  Value owned = Value::object();
  const auto metadata = live.find("metadata");
  if (metadata == live.end() || !metadata->is_object())
    return owned;
  const auto entries = metadata->find("managedFields");
  if (entries == metadata->end() || !entries->is_array())
    return owned;
  for (const auto& entry : *entries) {
    if (!entry.is_object() || !holds(entry, "manager", manager) ||
        !holds(entry, "operation", "Apply"))
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
