#pragma once

#include <map>
#include <string>
#include <vector>

#include "kube/api_client.hpp"
#include "kube/discovery.hpp"
#include "manifest/object.hpp"

namespace gitops::kube {

using manifest::ObjectId;
using manifest::Value;

struct LiveObjects {
  std::map<ObjectId, Value> objects;
  // id -> the server's reason ("... is forbidden: ...")
  std::map<ObjectId, std::string> unreadable;
  // A list discovery named was not found (a CRD deleted, or its version moved, since discovery
  // was cached): its objects read as absent until discovery is asked again.
  bool discovery_outdated = false;
};

// The API path that lists a kind: "/apis/apps/v1/namespaces/web/deployments", "/api/v1/namespaces".
std::string list_path(const ResourceType& type, const std::string& namespace_);

// Reads the live state of `ids` with one list per kind and namespace, all in flight at once through
// the proxy, keeping only the objects asked for. Kinds discovery does not know are skipped (they
// cannot exist yet); a kind the server no longer serves at discovery's version sets
// discovery_outdated. A list the user may not read marks its objects unreadable; any other failure
// is an Error.
LiveObjects read_live(ApiClient& api, const Discovery& discovery, const std::vector<ObjectId>& ids);

}  // namespace gitops::kube
