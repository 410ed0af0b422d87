#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gitops::diff {

// The merge keys of lists, per kind and field path, as a cluster's OpenAPI v3 schema declares them
// (x-kubernetes-list-map-keys). It lets compare match list elements by key for any kind, custom
// resources included, where the built-in table in merge_keys.hpp knows only core field names.
class ListKeys {
 public:
  // `path`: the field names from the object's root with "[]" for a list element, joined by '.':
  //   "spec.template.spec.containers", "spec.template.spec.containers[].ports".
  // nullopt: the schema does not describe this list (the caller falls back to its built-in table);
  // an empty vector: the schema declares an atomic list or a set (compare element by index /
  // whole).
  std::optional<std::vector<std::string>> find(const std::string& group, const std::string& kind,
                                               const std::string& path) const;
  // A list already known keeps its keys: the first schema to describe a path wins.
  void add(const std::string& group, const std::string& kind, const std::string& path,
           std::vector<std::string> keys);
  // The other table's lists replace this one's on the same kind and path.
  void merge(const ListKeys& other);
  bool empty() const { return keys_by_list_.empty(); }

  // A compact text form for an on-disk cache, one list per line; from_text(to_text()) round-trips.
  // from_text throws gitops::Error on a malformed line (the caller treats that as a cache miss).
  std::string to_text() const;
  static ListKeys from_text(std::string_view text);

 private:
  // "group/Kind path": one string, so that compare's lookup for every list it meets is one hash.
  std::unordered_map<std::string, std::vector<std::string>> keys_by_list_;
};

}  // namespace gitops::diff
