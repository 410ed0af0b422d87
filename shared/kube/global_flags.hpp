#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gitops::kube {

// kubectl's global flags as the user gave them to the plugin; forwarded to every kubectl call.
struct GlobalFlags {
  std::optional<std::string> kubeconfig;
  std::optional<std::string> context;
  std::optional<std::string> cluster;
  std::optional<std::string> user;
  std::optional<std::string> namespace_;
  std::optional<std::string> as;
  std::vector<std::string> as_groups;
  std::optional<std::string> request_timeout;

  // The flags in kubectl's own spelling: {"--kubeconfig=/x", "--context=admin", ...}.
  std::vector<std::string> to_args() const;
};

}  // namespace gitops::kube
