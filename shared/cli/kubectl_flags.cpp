#include "cli/kubectl_flags.hpp"

namespace gitops::cli {

void add_kubectl_flags(FlagTable& table, kube::GlobalFlags& into) {
  using enum ValueKind;
  table.start_section("kubectl flags (forwarded to every kubectl call)");
  table.text("kubeconfig", into.kubeconfig, "path to the kubeconfig file").completes(file);
  table.text("context", into.context, "the kubeconfig context to use");
  table.text("cluster", into.cluster, "the kubeconfig cluster to use");
  table.text("user", into.user, "the kubeconfig user to use");
  table.text("namespace", into.namespace_, "the namespace for objects that declare none")
      .shorthand('n');
  table.text("as", into.as, "user to impersonate");
  table.texts("as-group", into.as_groups, "group to impersonate (repeatable)");
  table.text("request-timeout", into.request_timeout,
             "timeout of each request kubectl makes (e.g. 30s); each kubectl call is also "
             "stopped 5s after it");
  table.start_section("Flags");
}

}  // namespace gitops::cli
