#include "pipeline/server_side_diff.hpp"

#include "source/desired.hpp"

namespace gitops::pipeline {

kube::ProcessResult diff_server_side(const kube::Kubectl& kubectl, const PlanRequest& request) {
  const auto& repository = *request.repository;
  auto objects = request.commit
                     ? source::render_revision(repository, *request.commit, request.paths, kubectl,
                                               request.render)
                     : source::render_worktree(repository, request.paths, kubectl, request.render);
  manifest::Value list = {
      {"apiVersion", "v1"}, {"kind", "List"}, {"items", manifest::Value::array()}};
  for (auto& object : objects)
    list["items"].push_back(std::move(object.body));
  auto result =
      kubectl.run({{"diff", "--server-side", "--force-conflicts", "-f", "-"}, list.dump()});
  if (result.timed_out)
    kube::throw_kubectl_failure(result, "cannot run kubectl diff");
  return result;
}

}  // namespace gitops::pipeline
