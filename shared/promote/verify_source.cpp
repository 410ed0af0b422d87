#include "promote/verify_source.hpp"

#include "error.hpp"
#include "kube/api_proxy.hpp"
#include "pipeline/plan.hpp"
#include "sync/app_name.hpp"
#include "sync/record_store.hpp"

namespace gitops::promote {

namespace {

bool same_content(const std::vector<git::File>& a, const std::vector<git::File>& b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].path != b[i].path || a[i].content != b[i].content)
      return false;
  }
  return true;
}

}  // namespace

void verify_source(const kube::Kubectl& kubectl, const git::Repository& repository,
                   const std::string& from, const git::Commit& source, const std::string& app,
                   const std::string& record_namespace, const pipeline::RenderOptions& render) {
  const auto name =
      app.empty() ? sync::derive_app_name(repository.workdir().string(), {from}) : app;
  const std::string subject = "cannot verify " + quoted(from) + ": ";
  kube::ApiProxy api(kubectl);
  auto record = sync::load_record(api, record_namespace, name);
  if (!record) {
    throw Error(subject + "no app " + quoted(name) + " is recorded in namespace " +
                quoted(record_namespace) + " (sync it first, or name it with --source-app)");
  }
  if (record->pin) {
    throw Error(subject + "app " + quoted(name) + " is pinned at " +
                record->pin->commit.substr(0, 7) + " by gitrevert --cluster-only");
  }
  const auto* synced = record->current();
  if (!synced)
    throw Error(subject + "app " + quoted(name) + " has no successful sync");
  const auto found = repository.find_commit(synced->commit);
  if (!found) {
    throw Error(subject + "app " + quoted(name) + " runs " + synced->commit.substr(0, 7) +
                    ", which this repository does not have (fetch first)",
                ErrorKind::not_found);
  }
  const git::Commit& synced_commit = *found;
  if (!same_content(repository.read_files(synced_commit, {from}),
                    repository.read_files(source, {from}))) {
    throw Error(subject + "app " + quoted(name) + " runs " + synced_commit.short_sha() + " (" +
                synced_commit.subject + "), whose " + quoted(from) + " differs from " +
                source.revspec + " (" + source.short_sha() + "); sync it first");
  }
  pipeline::PlanRequest request;
  request.repository = &repository;
  request.commit = synced_commit;
  request.revision = synced_commit.sha;
  request.paths = record->paths;
  request.render = render;
  request.render.release = name;
  for (const auto& member : record->objects)
    request.inventory.insert(member.id);
  request.ignore = pipeline::ignore_rules_at(repository, request.commit);
  const auto drifted =
      pipeline::plan_against_cluster(kubectl, api, request).report.changes.counts();
  if (drifted.changed() > 0 || drifted.unreadable > 0) {
    throw Error(subject + "the cluster has drifted from what app " + quoted(name) + " synced (" +
                std::to_string(drifted.changed() + drifted.unreadable) +
                " objects differ; see kubectl gitdiff " + from + ")");
  }
}

}  // namespace gitops::promote
