#pragma once

#include "kube/kubectl.hpp"
#include "pipeline/plan.hpp"

namespace gitops::pipeline {

// gitdiff --server-side: renders the request's objects and hands them to `kubectl diff
// --server-side`, whose output and exit code the caller passes through. Exact for admission
// webhooks and defaulting, but the dry-run counts as a write: it needs patch rights.
kube::ProcessResult diff_server_side(const kube::Kubectl& kubectl, const PlanRequest& request);

}  // namespace gitops::pipeline
