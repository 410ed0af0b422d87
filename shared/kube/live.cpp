#include "kube/live.hpp"

#include <set>

#include "kube/unscoped.hpp"
#include "manifest/parse.hpp"

namespace gitops::kube {

namespace {

// "deployments.v1.apps", "configmaps": a resource name kubectl cannot mistake for another.
std::string qualified_resource(const ResourceType& type) {
  return type.group.empty() ? type.resource : type.resource + "." + type.version + "." + type.group;
}

struct ListCall {
  std::string namespace_;  // "" for cluster-scoped kinds
  std::vector<const ResourceType*> types;
};

KubectlCall to_call(const ListCall& list) {
  std::string resources;
  for (const auto* type : list.types) {
    resources += (resources.empty() ? "" : ",") + qualified_resource(*type);
  }
  KubectlCall call{{"get", resources, "--show-managed-fields", "-o", "json"}, ""};
  if (!list.namespace_.empty())
    call.args.push_back("--namespace=" + list.namespace_);
  return call;
}

bool is_forbidden(const ProcessResult& result) {
  return result.err.find("forbidden") != std::string::npos ||
         result.err.find("Forbidden") != std::string::npos;
}

}  // namespace

LiveObjects read_live(const Kubectl& kubectl, const Discovery& discovery,
                      const std::vector<ObjectId>& ids, int concurrency) {
  const Kubectl reader = unscoped(kubectl);

  std::set<ObjectId> wanted(ids.begin(), ids.end());
  std::map<std::string, std::set<const ResourceType*>> types_by_namespace;
  for (const auto& id : ids) {
    if (const auto* type = discovery.find(id.group, id.kind)) {
      types_by_namespace[type->namespaced ? id.namespace_ : ""].insert(type);
    }
  }
  std::vector<ListCall> lists;
  for (const auto& [namespace_, types] : types_by_namespace) {
    lists.push_back({namespace_, {types.begin(), types.end()}});
  }

  LiveObjects live;
  auto keep_wanted = [&](const std::string& output, const std::string& what) {
    auto list = manifest::parse_json(output, what);
    for (auto& item : list["items"]) {
      auto id = manifest::identity_of(item);
      if (wanted.count(id))
        live.objects.emplace(id, std::move(item));
    }
  };
  auto mark_unreadable = [&](const ListCall& list, const std::string& reason) {
    for (const auto& id : ids) {
      const auto* type = discovery.find(id.group, id.kind);
      if (type == list.types.front() && (!type->namespaced || id.namespace_ == list.namespace_)) {
        live.unreadable[id] = reason;
      }
    }
  };

  std::vector<KubectlCall> calls;
  for (const auto& list : lists)
    calls.push_back(to_call(list));
  auto results = reader.run_all(calls, concurrency);

  // A failed list of several kinds is retried kind by kind, to tell which ones the user may not
  // read.
  std::vector<ListCall> retries;
  for (std::size_t i = 0; i < lists.size(); ++i) {
    std::string what = "get " + calls[i].args[1];
    if (results[i].ok()) {
      keep_wanted(results[i].out, what);
    } else if (!is_forbidden(results[i])) {
      throw_kubectl_failure(results[i], "cannot " + what);
    } else if (lists[i].types.size() == 1) {
      mark_unreadable(lists[i], results[i].error_line());
    } else {
      for (const auto* type : lists[i].types)
        retries.push_back({lists[i].namespace_, {type}});
    }
  }
  calls.clear();
  for (const auto& list : retries)
    calls.push_back(to_call(list));
  results = reader.run_all(calls, concurrency);
  for (std::size_t i = 0; i < retries.size(); ++i) {
    std::string what = "get " + calls[i].args[1];
    if (results[i].ok()) {
      keep_wanted(results[i].out, what);
    } else if (is_forbidden(results[i])) {
      mark_unreadable(retries[i], results[i].error_line());
    } else {
      throw_kubectl_failure(results[i], "cannot " + what);
    }
  }
  return live;
}

}  // namespace gitops::kube
