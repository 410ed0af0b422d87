#pragma once

#include "kube/kubectl.hpp"

namespace gitops::kube {

// The same kubectl without the user's --namespace, for calls that name their namespace
// themselves: the user's flags are forwarded last and would override it.
inline Kubectl unscoped(const Kubectl& kubectl) {
  KubectlOptions options = kubectl.options();
  options.flags.namespace_.reset();
  return Kubectl(options);
}

}  // namespace gitops::kube
