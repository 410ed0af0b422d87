#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kube/kubectl.hpp"

namespace gitops::kube {

// One kind the server serves, as `kubectl api-resources -o wide` lists it.
struct ResourceType {
  std::string group;     // "" for the core group
  std::string version;   // the preferred version: "v1"
  std::string kind;      // "Deployment"
  std::string resource;  // the plural: "deployments"
  bool namespaced = false;
  std::vector<std::string> verbs;  // {"create", "delete", "get", ...}
};

// The kinds a cluster serves, looked up by group and kind.
class Discovery {
 public:
  // One call: `kubectl api-resources -o wide`.
  static Discovery load(const Kubectl& kubectl);
  // Reads that command's table; throws Error on a table it cannot read.
  // The raw table of `kubectl api-resources -o wide` (what load() parses), for caching.
  static std::string fetch_table(const Kubectl& kubectl);
  static Discovery parse(std::string_view api_resources_wide_output);

  // The table `kubectl api-resources -o wide` would print (what parse() reads): how a discovery
  // read another way is cached.
  std::string to_table() const;

  // nullptr when the cluster does not serve the kind.
  const ResourceType* find(const std::string& group, const std::string& kind) const;
  // A kind the cluster does not serve yet, e.g. one defined by a CRD in the same change. The kind
  // already known wins over a second one of the same group and kind.
  void add(ResourceType type);
  const std::vector<ResourceType>& all() const { return types_; }

 private:
  std::vector<ResourceType> types_;
  std::unordered_map<std::string, std::size_t> index_;  // "group/Kind" -> position in types_
};

}  // namespace gitops::kube
