#include "promote/policy_check.hpp"

#include "pipeline/admission_check.hpp"
#include "sync/apply.hpp"

namespace gitops::promote {

diff::PolicyCheck check_promotion_policy(const kube::Kubectl& kubectl, kube::ApiClient& api,
                                         const git::Repository& repository,
                                         const git::Commit& candidate, const std::string& to,
                                         const pipeline::RenderOptions& render) {
  pipeline::PlanRequest request;
  request.repository = &repository;
  request.commit = candidate;
  request.revision = candidate.sha;
  request.paths = {to};
  request.render = render;
  request.ignore = pipeline::ignore_rules_at(repository, candidate);
  const auto plan = pipeline::plan_against_cluster(kubectl, api, request);
  return pipeline::check_admission(api, plan, sync::kFieldManager);
}

}  // namespace gitops::promote
