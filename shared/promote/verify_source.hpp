#pragma once

#include <string>

#include "git/repository.hpp"
#include "kube/kubectl.hpp"
#include "pipeline/plan.hpp"

namespace gitops::promote {

// gitpromote --verify-source: before promoting SRC, checks through the cluster that the app which
// syncs SRC runs exactly what is being promoted: its last successful sync's commit has SRC's
// content at `source`, it is not pinned, and the cluster has not drifted from it. Throws Error
// saying which check failed and what to do.
void verify_source(const kube::Kubectl& kubectl, const git::Repository& repository,
                   const std::string& from, const git::Commit& source, const std::string& app,
                   const std::string& record_namespace, const pipeline::RenderOptions& render = {});

}  // namespace gitops::promote
