#include "sync/prune.hpp"

#include <array>

#include "kube/unscoped.hpp"
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

std::vector<FailedObject> delete_objects(const kube::Kubectl& kubectl,
                                         const std::vector<MemberObject>& objects,
                                         const kube::Discovery& discovery) {
  const auto k = kube::unscoped(kubectl);
  std::array<std::vector<const MemberObject*>, kPhases> phases;
  for (const auto& member : objects) {
    phases[static_cast<int>(phase_of(member.id, discovery))].push_back(&member);
  }
  std::vector<FailedObject> failed;
  for (int phase = kPhases - 1; phase >= 0; --phase) {
    if (phases[phase].empty())
      continue;
    Value list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", Value::array()}};
    for (const auto* member : phases[phase]) {
      Value metadata = {{"name", member->id.name}};
      if (!member->id.namespace_.empty())
        metadata["namespace"] = member->id.namespace_;
      list["items"].push_back(
          {{"apiVersion", member->api_version}, {"kind", member->id.kind}, {"metadata", metadata}});
    }
    auto result = k.run({{"delete", "--ignore-not-found", "--wait=false", "-f", "-"}, list.dump()});
    if (!result.ok()) {
      for (const auto* member : phases[phase])
        failed.push_back({member->id, result.error_line()});
    }
  }
  return failed;
}

}  // namespace gitops::sync
