#pragma once

#include <string>
#include <string_view>

#include "kube/global_flags.hpp"
#include "kube/kubectl.hpp"

namespace gitops::kube {

// Where kubectl's calls go, for messages and records: "context 'admin' at https://...".
struct ClusterTarget {
  std::string context;
  std::string server;
  std::string namespace_;  // the --namespace flag, else the context's, else "default"
};

// One call: `kubectl config view --minify -o json`, with the global flags applied. Throws Error
// when the kubeconfig has no current context and none was given.
ClusterTarget current_target(const Kubectl& kubectl);

// The same from that command's output; `flags` are the global flags it ran with.
ClusterTarget parse_target(std::string_view minified_config_json, const GlobalFlags& flags);

}  // namespace gitops::kube
