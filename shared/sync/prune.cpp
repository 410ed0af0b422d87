#include "sync/prune.hpp"

#include <array>

#include "kube/api_requests.hpp"
#include "sync/order.hpp"

namespace gitops::sync {

namespace {

bool opted_out(const diff::ObjectChange& change) {
  if (!change.before)
    return false;
  const auto annotations =
      change.before->value("metadata", Value::object()).value("annotations", Value::object());
  return annotations.value(kPruneAnnotation, "") == "disabled";
}

}  // namespace

bool deletes_contents(const manifest::ObjectId& id) {
  return (id.group.empty() && id.kind == "Namespace") ||
         (id.group == "apiextensions.k8s.io" && id.kind == "CustomResourceDefinition");
}

PrunePlan plan_prune(const diff::ChangeSet& changes, bool prune) {
  PrunePlan plan;
  for (const auto& change : changes.objects) {
    if (change.action != diff::Action::remove)
      continue;
    MemberObject member{change.id, change.api_version};
    if (opted_out(change)) {
      plan.opted_out.push_back(member);
    } else if (prune) {
      plan.to_delete.push_back(member);
    } else {
      plan.would_prune.push_back(member);
    }
  }
  return plan;
}

std::vector<FailedObject> delete_objects(kube::ApiClient& api,
                                         const std::vector<MemberObject>& objects,
                                         const kube::Discovery& discovery) {
  std::array<std::vector<const MemberObject*>, kPhases> phases;
  for (const auto& member : objects) {
    phases[static_cast<int>(phase_of(member.id, discovery))].push_back(&member);
  }
  std::vector<FailedObject> failed;
  for (int phase = kPhases - 1; phase >= 0; --phase) {
    std::vector<const MemberObject*> sent;
    std::vector<kube::HttpRequest> requests;
    for (const auto* member : phases[phase]) {
      const auto* type = discovery.find(member->id.group, member->id.kind);
      if (!type)  // the kind is no longer served (its CRD is gone): neither are its objects
        continue;
      sent.push_back(member);
      requests.push_back(
          kube::delete_request(kube::object_path(*type, member->api_version, member->id)));
    }
    const auto responses = api.send_all(requests);
    for (std::size_t i = 0; i < sent.size(); ++i) {
      if (!responses[i].ok() && responses[i].status != 404)
        failed.push_back({sent[i]->id, responses[i].reason()});
    }
  }
  return failed;
}

}  // namespace gitops::sync
