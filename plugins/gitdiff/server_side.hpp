#pragma once

#include "kube/kubectl.hpp"
#include "pipeline/plan.hpp"

namespace gitops::gitdiff {

// --server-side: renders the request's objects and hands them to `kubectl diff --server-side`,
// whose output and exit code pass through. Exact for admission webhooks and defaulting, but the
// dry-run counts as a write: it needs patch rights.
int diff_server_side(const kube::Kubectl& kubectl, const pipeline::PlanRequest& request);

}  // namespace gitops::gitdiff
