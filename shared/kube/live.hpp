#pragma once

#include <map>
#include <string>
#include <vector>

#include "kube/discovery.hpp"
#include "kube/kubectl.hpp"
#include "manifest/object.hpp"

namespace gitops::kube {

using manifest::ObjectId;
using manifest::Value;

struct LiveObjects {
  std::map<ObjectId, Value> objects;
  std::map<ObjectId, std::string> unreadable;  // id -> kubectl's reason ("forbidden: ...")
};

// Reads the live state of `ids` with one `kubectl get` per namespace (every kind of it in one
// list call) and one for the cluster-scoped kinds, `concurrency` at a time, keeping only the
// objects asked for. Kinds discovery does not know are skipped (they cannot exist yet). A list
// the user may not read marks its objects unreadable; an unreachable server is an Error.
LiveObjects read_live(const Kubectl& kubectl, const Discovery& discovery,
                      const std::vector<ObjectId>& ids, int concurrency = 4);

}  // namespace gitops::kube
