#include "kube/live.hpp"

#include <set>

#include "error.hpp"
#include "kube/api_requests.hpp"
#include "manifest/json_parse.hpp"
#include "util/parallel.hpp"

namespace gitops::kube {

namespace {

struct List {
  const ResourceType* type;
  std::string namespace_;  // "" for a cluster-scoped kind
};

std::string describe(const List& list) {
  return list.type->resource + (list.type->group.empty() ? "" : "." + list.type->group) +
         (list.namespace_.empty() ? "" : " in namespace " + quoted(list.namespace_));
}

// The items of a raw list carry no apiVersion and kind for built-in types: the list's type says.
void stamp_type(Value& item, const ResourceType& type) {
  if (!item.contains("apiVersion"))
    item["apiVersion"] = type.group.empty() ? type.version : type.group + "/" + type.version;
  if (!item.contains("kind"))
    item["kind"] = type.kind;
}

}  // namespace

std::string list_path(const ResourceType& type, const std::string& namespace_) {
  return collection_path(type.group.empty() ? type.version : type.group + "/" + type.version,
                         type.resource, namespace_);
}

LiveObjects read_live(ApiClient& api, const Discovery& discovery,
                      const std::vector<ObjectId>& ids) {
  std::set<ObjectId> wanted(ids.begin(), ids.end());
  std::set<std::pair<const ResourceType*, std::string>> scopes;
  for (const auto& id : ids) {
    if (const auto* type = discovery.find(id.group, id.kind))
      scopes.emplace(type, type->namespaced ? id.namespace_ : "");
  }
  std::vector<List> lists;
  std::vector<std::string> paths;
  for (const auto& [type, namespace_] : scopes) {
    lists.push_back({type, namespace_});
    paths.push_back(list_path(*type, namespace_));
  }
  auto responses = api.get_all(paths);

  // Lists parse independently: on every core at once.
  std::vector<Value> parsed(lists.size());
  util::parallel_for(lists.size(), util::cores(), [&](std::size_t i) {
    if (responses[i].ok())
      parsed[i] = manifest::parse_json(responses[i].body, "the list of " + describe(lists[i]));
  });

  LiveObjects live;
  for (std::size_t i = 0; i < lists.size(); ++i) {
    const auto& list = lists[i];
    const auto& response = responses[i];
    if (response.status == 404) {
      live.discovery_outdated = true;
      continue;
    }
    if (response.status == 403) {
      for (const auto& id : ids) {
        if (discovery.find(id.group, id.kind) == list.type &&
            (list.namespace_.empty() || id.namespace_ == list.namespace_)) {
          live.unreadable[id] = response.reason();
        }
      }
      continue;
    }
    if (!response.ok())
      throw_response_failure(response, "cannot list " + describe(list));
    for (auto& item : parsed[i]["items"]) {
      stamp_type(item, *list.type);
      auto id = manifest::identity_of(item);
      if (wanted.count(id))
        live.objects.emplace(id, std::move(item));
    }
  }
  return live;
}

}  // namespace gitops::kube
