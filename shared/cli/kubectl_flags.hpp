#pragma once

#include "cli/flag_table.hpp"
#include "kube/kubectl.hpp"

namespace gitops::cli {

// kubectl's flags that every plugin takes and forwards to every kubectl call, declared once:
// --kubeconfig, --context, --cluster, --user, -n/--namespace, --as, --as-group,
// --request-timeout. kube::GlobalFlags::to_args() spells them back for kubectl.
void add_kubectl_flags(FlagTable& table, kube::GlobalFlags& into);

}  // namespace gitops::cli
