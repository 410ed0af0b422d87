#include "diff/compare.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "diff/field_path.hpp"
#include "diff/merge_keys.hpp"
#include "diff/ownership.hpp"
#include "diff/quantity.hpp"
#include "diff/secret_data.hpp"
#include "diff/server_fields.hpp"
#include "util/parallel.hpp"

namespace gitops::diff {

namespace {

// Below this many objects a thread costs more than it saves.
constexpr std::size_t kObjectsWorthAThread = 64;

// Values the API server drops or never stores (omitempty): declaring them is no difference.
bool is_zero_value(const Value& value) {
  switch (value.type()) {
    case Value::value_t::null:
      return true;
    case Value::value_t::string:
      return value.get_ref<const std::string&>().empty();
    case Value::value_t::boolean:
      return !value.get<bool>();
    case Value::value_t::number_integer:
    case Value::value_t::number_unsigned:
    case Value::value_t::number_float:
      return value.get<double>() == 0;
    case Value::value_t::object:
    case Value::value_t::array:
      return value.empty();
    default:
      return false;
  }
}

// Resource amounts: container limits and requests, volume capacities, quotas, limit ranges.
bool is_quantity_field(const FieldPath& path) {
  static const std::set<std::string> parents{
      "limits",   "requests", "capacity", "hard",    "used",           "allocatable",
      "overhead", "min",      "max",      "default", "defaultRequest", "maxLimitRequestRatio"};
  return parents.count(path.parent_key()) > 0 || path.last_key() == "sizeLimit" ||
         path.last_key() == "storage";
}

std::optional<long double> quantity_of(const Value& value) {
  if (value.is_number())
    return value.get<long double>();
  if (value.is_string())
    return parse_quantity(value.get_ref<const std::string&>());
  return std::nullopt;
}

bool same_scalar(const Value& desired, const Value& before, const FieldPath& path) {
  if (desired == before)
    return true;
  if (desired.is_number() && before.is_number()) {
    return desired.get<double>() == before.get<double>();
  }
  if (is_quantity_field(path)) {
    auto a = quantity_of(desired), b = quantity_of(before);
    if (a && b)
      return std::fabs(*a - *b) <= 1e-12L * std::max(1.0L, std::fabs(*a));
  }
  // int-or-string fields (targetPort, maxSurge): 8080 and "8080" are the same port.
  if (desired.is_number_integer() && before.is_string()) {
    return before.get_ref<const std::string&>() == desired.dump();
  }
  if (before.is_number_integer() && desired.is_string()) {
    return desired.get_ref<const std::string&>() == before.dump();
  }
  return false;
}

// Walks the desired object and reports every declared field that differs from the before side,
// plus fields the before side declared (A..B) or our field manager owned that git dropped. Returns
// the before side projected onto those fields, which is what the unified diff prints.
class Walker {
 public:
  Walker(const ObjectId& id, const CompareOptions& options, std::vector<FieldChange>& changes)
      : id_(id), options_(options), changes_(changes) {}

  std::optional<Value> walk(const FieldPath& path, const Value& desired, const Value* before,
                            const Value* owned) {
    if (!path.steps().empty() && is_ignored(options_.ignore, id_, path))
      return desired;
    if (before && before->is_null())
      before = nullptr;
    if (desired.is_object())
      return walk_map(path, desired, before, owned);
    if (desired.is_array())
      return walk_list(path, desired, before, owned);
    return walk_scalar(path, desired, before);
  }

  // Reports a field of the before side that git no longer declares.
  void removed(const FieldPath& path, const Value& before) {
    changes_.push_back({path.to_string(), before, std::nullopt});
  }

  bool declared_before(const Value* owned_field) const {
    return options_.before_is_declared || owned_field != nullptr;
  }

 private:
  void changed(const FieldPath& path, const Value* before, const Value& desired) {
    changes_.push_back(
        {path.to_string(), before ? std::optional<Value>(*before) : std::nullopt, desired});
  }

  std::optional<Value> walk_map(const FieldPath& path, const Value& desired, const Value* before,
                                const Value* owned) {
    if (before && !before->is_object()) {
      changed(path, before, desired);
      return *before;
    }
    Value projection = Value::object();
    for (const auto& [key, value] : desired.items()) {
      const Value* before_value = nullptr;
      if (before) {
        auto it = before->find(key);
        if (it != before->end())
          before_value = &*it;
      }
      if (auto projected = walk(path.key(key), value, before_value, owned_key(owned, key))) {
        projection[key] = std::move(*projected);
      }
    }
    if (before) {
      for (const auto& [key, value] : before->items()) {
        if (desired.contains(key) || !declared_before(owned_key(owned, key)))
          continue;
        auto field = path.key(key);
        if (is_ignored(options_.ignore, id_, field))
          continue;
        removed(field, value);
        projection[key] = value;
      }
    }
    if (!before && projection.empty() && !desired.empty())
      return std::nullopt;
    return projection;
  }

  std::optional<Value> walk_list(const FieldPath& path, const Value& desired, const Value* before,
                                 const Value* owned) {
    if (before && !before->is_array()) {
      changed(path, before, desired);
      return *before;
    }
    if (!before) {
      if (desired.empty())
        return desired;
      changed(path, nullptr, desired);
      return std::nullopt;
    }
    auto keys = keys_of(path, desired);
    bool keyed = !keys.empty() && std::all_of(before->begin(), before->end(),
                                              [](const Value& e) { return e.is_object(); });
    return keyed ? walk_keyed_list(path, keys, desired, *before, owned)
                 : walk_atomic_list(path, desired, *before);
  }

  std::optional<Value> walk_keyed_list(const FieldPath& path, const std::vector<std::string>& keys,
                                       const Value& desired, const Value& before,
                                       const Value* owned) {
    std::vector<std::string> before_selectors;
    for (const auto& element : before)
      before_selectors.push_back(element_selector(keys, element));
    auto owned_by_selector = [&](const std::string& selector) -> const Value* {
      for (const auto& element : owned_elements(owned)) {
        if (element_selector(keys, element.keys) == selector)
          return element.fields;
      }
      return nullptr;
    };

    Value projection = Value::array();
    std::vector<bool> matched(before.size(), false);
    for (const auto& element : desired) {
      auto selector = element_selector(keys, element);
      auto field = path.element(selector);
      auto at = std::find(before_selectors.begin(), before_selectors.end(), selector);
      if (at == before_selectors.end()) {
        if (!is_ignored(options_.ignore, id_, field))
          changed(field, nullptr, element);
        continue;
      }
      auto index = static_cast<std::size_t>(at - before_selectors.begin());
      matched[index] = true;
      auto projected = walk(field, element, &before[index], owned_by_selector(selector));
      projection.push_back(projected ? std::move(*projected) : Value::object());
    }
    for (std::size_t i = 0; i < before.size(); ++i) {
      if (matched[i] || !declared_before(owned_by_selector(before_selectors[i])))
        continue;
      auto field = path.element(before_selectors[i]);
      if (is_ignored(options_.ignore, id_, field))
        continue;
      removed(field, before[i]);
      projection.push_back(before[i]);
    }
    return projection;
  }

  // A list without merge keys is replaced whole on apply: equal lengths compare element by
  // element (declared fields only), other lengths are one change of the whole list.
  std::optional<Value> walk_atomic_list(const FieldPath& path, const Value& desired,
                                        const Value& before) {
    if (desired.size() != before.size()) {
      changed(path, &before, desired);
      return before;
    }
    Value projection = Value::array();
    for (std::size_t i = 0; i < desired.size(); ++i) {
      auto projected = walk(path.element(std::to_string(i)), desired[i], &before[i], nullptr);
      projection.push_back(projected ? std::move(*projected) : Value());
    }
    return projection;
  }

  std::optional<Value> walk_scalar(const FieldPath& path, const Value& desired,
                                   const Value* before) {
    if (!before) {
      if (is_zero_value(desired))
        return desired;
      changed(path, nullptr, desired);
      return std::nullopt;
    }
    // Equal in another spelling ("500m" and "0.5"): project git's spelling so no line differs.
    if (same_scalar(desired, *before, path))
      return desired;
    changed(path, before, desired);
    return *before;
  }

  // The schema's keys for this list when it describes it, else the built-in table's. An element
  // git declares without one of the schema's keys takes the key's default on the server, which
  // the schema's keys alone cannot match: such a list keeps the table's keys too.
  std::vector<std::string> keys_of(const FieldPath& path, const Value& desired) const {
    if (options_.list_keys) {
      if (auto declared = options_.list_keys->find(id_.group, id_.kind, path.schema_path());
          declared && declares_every_key(desired, *declared)) {
        return *declared;
      }
    }
    return merge_keys_for(path.last_key(), desired);
  }

  // "protocol" is the one key the selectors default themselves (TCP).
  static bool declares_every_key(const Value& list, const std::vector<std::string>& keys) {
    return std::all_of(list.begin(), list.end(), [&](const Value& element) {
      return std::all_of(keys.begin(), keys.end(), [&](const std::string& key) {
        return key == "protocol" || (element.is_object() && element.contains(key));
      });
    });
  }

  const ObjectId& id_;
  const CompareOptions& options_;
  std::vector<FieldChange>& changes_;
};

Value take_data(Value& secret) {
  Value data = Value::object();
  if (auto it = secret.find("data"); it != secret.end()) {
    if (it->is_object())
      data = std::move(*it);
    secret.erase(it);
  }
  return data;
}

// Compares a Secret's data key by key; only masked markers leave this function.
void compare_secret_data(Walker& walker, const ObjectId& id, const CompareOptions& options,
                         const Value& desired, const Value& before, const Value* owned,
                         std::vector<FieldChange>& changes, Value& after_masked,
                         Value& before_masked) {
  const FieldPath data_path = FieldPath().key("data");
  const Value* owned_data = owned_key(owned, "data");
  for (const auto& [key, value] : desired.items()) {
    auto field = data_path.key(key);
    auto live = before.find(key);
    if (is_ignored(options.ignore, id, field) || (live != before.end() && *live == value)) {
      after_masked[key] = kMasked;
      if (live != before.end())
        before_masked[key] = kMasked;
    } else if (live == before.end()) {
      changes.push_back({field.to_string(), std::nullopt, Value(kMaskedAfter)});
      after_masked[key] = kMaskedAfter;
    } else {
      changes.push_back({field.to_string(), Value(kMaskedBefore), Value(kMaskedAfter)});
      after_masked[key] = kMaskedAfter;
      before_masked[key] = kMaskedBefore;
    }
  }
  for (const auto& [key, value] : before.items()) {
    auto field = data_path.key(key);
    if (desired.contains(key) || !walker.declared_before(owned_key(owned_data, key)) ||
        is_ignored(options.ignore, id, field)) {
      continue;
    }
    walker.removed(field, Value(kMaskedBefore));
    before_masked[key] = kMaskedBefore;
  }
}

ObjectChange compare_both(ObjectChange change, Value after, Value before,
                          const CompareOptions& options) {
  Value owned =
      options.before_is_declared ? Value::object() : owned_fields(before, options.field_manager);
  strip_server_fields(before);
  // The version is not part of identity: the live object was read in git's version.
  before["apiVersion"] = after.value("apiVersion", "");
  Walker walker(change.id, options, change.fields);

  const bool secret = is_secret(change.id);
  Value after_data, before_data;
  if (secret) {
    fold_string_data(after);
    fold_string_data(before);
    after_data = take_data(after);
    before_data = take_data(before);
  }
  auto projection = walker.walk(FieldPath(), after, &before, &owned).value_or(Value::object());
  if (secret) {
    Value after_masked = Value::object(), before_masked = Value::object();
    compare_secret_data(walker, change.id, options, after_data, before_data, &owned, change.fields,
                        after_masked, before_masked);
    if (!after_masked.empty())
      after["data"] = std::move(after_masked);
    if (!before_masked.empty())
      projection["data"] = std::move(before_masked);
  }
  if (change.fields.empty()) {
    change.action = Action::unchanged;
    return change;
  }
  change.action = Action::update;
  change.before = std::move(projection);
  change.after = std::move(after);
  return change;
}

}  // namespace

ObjectChange compare_object(const manifest::Object* desired, const Value* before,
                            const CompareOptions& options) {
  ObjectChange change;
  if (desired) {
    change.id = desired->id;
    change.api_version = desired->api_version;
    change.source = desired->source.to_string();
  } else {
    change.id = manifest::identity_of(*before);
    change.api_version = before->value("apiVersion", "");
  }
  Value after = desired ? desired->body : Value();
  strip_server_fields(after);
  if (desired && before)
    return compare_both(std::move(change), std::move(after), *before, options);

  if (desired) {
    change.action = Action::create;
    if (is_secret(change.id)) {
      fold_string_data(after);
      mask_secret_values(after, kMasked);
    }
    change.after = std::move(after);
  } else {
    change.action = Action::remove;
    Value gone = *before;
    strip_server_fields(gone);
    if (is_secret(change.id))
      mask_secret_values(gone, kMasked);
    change.before = std::move(gone);
  }
  return change;
}

ChangeSet compare(const std::vector<manifest::Object>& desired, const BeforeState& before,
                  const CompareOptions& options) {
  ChangeSet set;
  std::set<ObjectId> declared;
  auto unreadable = [&](const ObjectId& id, const std::string& api_version,
                        const std::string& source) {
    ObjectChange change;
    change.id = id;
    change.api_version = api_version;
    change.action = Action::unreadable;
    change.reason = before.unreadable.at(id);
    change.source = source;
    set.objects.push_back(std::move(change));
  };
  // Objects compare independently: on every core at once.
  std::vector<std::optional<ObjectChange>> changes(desired.size());
  const auto workers = desired.size() < kObjectsWorthAThread ? 1 : util::cores();
  util::parallel_for(desired.size(), workers, [&](std::size_t i) {
    const auto& object = desired[i];
    if (before.unreadable.count(object.id))
      return;
    auto live = before.objects.find(object.id);
    changes[i] =
        compare_object(&object, live == before.objects.end() ? nullptr : &live->second, options);
  });
  for (std::size_t i = 0; i < desired.size(); ++i) {
    declared.insert(desired[i].id);
    if (changes[i])
      set.objects.push_back(std::move(*changes[i]));
    else
      unreadable(desired[i].id, desired[i].api_version, desired[i].source.to_string());
  }
  for (const auto& id : before.deletable) {
    if (declared.count(id))
      continue;
    if (before.unreadable.count(id)) {
      unreadable(id, "", "");
    } else if (auto live = before.objects.find(id); live != before.objects.end()) {
      auto change = compare_object(nullptr, &live->second, options);
      change.id = id;
      set.objects.push_back(std::move(change));
    }
  }
  std::sort(set.objects.begin(), set.objects.end(),
            [](const ObjectChange& a, const ObjectChange& b) { return a.id < b.id; });
  return set;
}

}  // namespace gitops::diff
