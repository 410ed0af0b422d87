#pragma once

#include <string>

#include "diff/report.hpp"
#include "git/repository.hpp"
#include "kube/api_client.hpp"
#include "kube/kubectl.hpp"
#include "pipeline/plan.hpp"

namespace gitops::promote {

// gitpromote --policy: renders the target folder at the promotion's commit (made, but on no
// branch yet), compares it with the cluster, and sends what a sync of it would create or update
// through the cluster's admission as a dry run (pipeline/admission_check.hpp).
diff::PolicyCheck check_promotion_policy(const kube::Kubectl& kubectl, kube::ApiClient& api,
                                         const git::Repository& repository,
                                         const git::Commit& candidate, const std::string& to,
                                         const pipeline::RenderOptions& render = {});

}  // namespace gitops::promote
