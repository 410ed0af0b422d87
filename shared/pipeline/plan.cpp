#include "pipeline/plan.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include "error.hpp"
#include "kube/api_proxy.hpp"
#include "kube/context.hpp"
#include "kube/discovery_cache.hpp"
#include "kube/live.hpp"
#include "manifest/hook.hpp"
#include "manifest/render.hpp"
#include "manifest/render_roots.hpp"
#include "manifest/scope.hpp"
#include "pipeline/schema_list_keys.hpp"
#include "source/desired.hpp"
#include "util/fault_point.hpp"

namespace gitops::pipeline {

namespace {

// Discovery knows what the cluster serves; CRDs in the change add the kinds they define.
void add_defined_kinds(kube::Discovery& discovery, const std::vector<manifest::Object>& desired) {
  for (const auto& kind : manifest::kinds_defined_by_crds(desired)) {
    if (discovery.find(kind.group, kind.kind))
      continue;
    discovery.add({kind.group, kind.version, kind.kind, kind.plural, kind.namespaced, {}});
  }
}

std::vector<diff::HookEntry> hook_entries(const std::vector<manifest::Object>& hooks) {
  std::vector<diff::HookEntry> entries;
  for (const auto& hook : hooks) {
    diff::HookEntry entry{
        hook.id, hook.api_version, {}, manifest::has_generated_name(hook), hook.source.to_string()};
    const auto spec = manifest::hook_spec(hook);
    for (const auto phase : spec->phases)
      entry.phases.emplace_back(manifest::to_string(phase));
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace

std::vector<diff::IgnoreRule> ignore_rules_at(const git::Repository& repository,
                                              const std::optional<git::Commit>& commit) {
  if (commit) {
    if (!repository.exists(*commit, kIgnoreFile))
      return {};
    auto files = repository.read_files(*commit, {kIgnoreFile});
    return diff::parse_ignore_file(files.front().content, kIgnoreFile);
  }
  std::ifstream in(repository.workdir() / kIgnoreFile);
  if (!in)
    return {};
  std::stringstream content;
  content << in.rdbuf();
  return diff::parse_ignore_file(content.str(), kIgnoreFile);
}

Plan plan_against_cluster(const kube::Kubectl& kubectl, const PlanRequest& request) {
  // kubectl starts in about a tenth of a second: the proxy, the kubeconfig and the app record come
  // up while the revision renders.
  kube::ApiProxy api(kubectl);
  return plan_against_cluster(kubectl, api, request);
}

Plan plan_against_cluster(const kube::Kubectl& kubectl, kube::ApiClient& api,
                          const PlanRequest& request) {
  const auto& repository = *request.repository;
  std::shared_future<kube::ClusterTarget> pending_target =
      std::async(std::launch::async, [&] {
        return request.target ? *request.target : kube::current_target(kubectl);
      }).share();
  auto pending_inventory = std::async(std::launch::async, [&] {
    return request.load_inventory ? request.load_inventory(api) : std::set<manifest::ObjectId>();
  });
  Plan plan;
  auto render = request.render;
  if (!render.default_namespace)
    render.default_namespace = [&] { return pending_target.get().namespace_; };
  plan.desired =
      request.commit
          ? source::render_revision(repository, *request.commit, request.paths, kubectl, render)
          : source::render_worktree(repository, request.paths, kubectl, render);
  plan.hooks = manifest::take_hooks(plan.desired);
  auto target = pending_target.get();
  // Every kind the change uses, those its own CRDs define included: one of them may be served
  // already, and a cached table that predates it must not hide its objects.
  std::vector<std::pair<std::string, std::string>> needed;
  for (const auto* objects : {&plan.desired, &plan.hooks}) {
    for (const auto& object : *objects)
      needed.emplace_back(object.id.group, object.id.kind);
  }
  plan.discovery = kube::load_discovery(kubectl, api, target.server, needed);
  util::fault_point("discovered");  // halfway: the cluster answered once, the objects are unread
  auto inventory = request.inventory;
  inventory.merge(pending_inventory.get());
  auto served = plan.discovery;  // before the kinds the change defines
  add_defined_kinds(plan.discovery, plan.desired);
  const auto namespaced = [&](const std::string& group,
                              const std::string& kind) -> std::optional<bool> {
    const auto* type = plan.discovery.find(group, kind);
    return type ? std::optional<bool>(type->namespaced) : std::nullopt;
  };
  manifest::resolve_namespaces(plan.desired, namespaced, target.namespace_);
  manifest::resolve_namespaces(plan.hooks, namespaced, target.namespace_);
  manifest::reject_duplicates(plan.desired);
  manifest::reject_duplicates(plan.hooks);
  for (const auto& hook : plan.hooks)
    inventory.erase(hook.id);  // a hook is never a member, so never pruned as one

  std::vector<manifest::ObjectId> ids(inventory.begin(), inventory.end());
  for (const auto& object : plan.desired)
    ids.push_back(object.id);
  auto pending_list_keys = std::async(
      std::launch::async, [&] { return read_schema_list_keys(api, target.server, plan.desired); });
  auto live = kube::read_live(api, served, ids);
  if (live.discovery_outdated) {
    // A cached table named a kind the server no longer serves at that version: ask it again.
    served = kube::load_discovery(kubectl, api, target.server, needed, true);
    plan.discovery = served;
    add_defined_kinds(plan.discovery, plan.desired);
    live = kube::read_live(api, served, ids);
  }
  const auto list_keys = pending_list_keys.get();

  diff::BeforeState before{std::move(live.objects), std::move(live.unreadable), inventory};
  diff::CompareOptions options;
  options.ignore = request.ignore;
  options.list_keys = list_keys.get();
  plan.report.changes = diff::compare(plan.desired, before, options);
  plan.report.source = {repository.location().string(), request.revision,
                        request.commit ? request.commit->sha : "", request.paths, std::nullopt};
  plan.report.target = {target.context, target.server, "", ""};
  plan.report.hooks = hook_entries(plan.hooks);
  return plan;
}

diff::Report diff_revisions(const git::Repository& repository, const git::Commit& from,
                            const git::Commit& to, const std::vector<std::string>& paths,
                            const kube::Kubectl& kubectl, diff::CompareOptions options,
                            const source::RenderOptions& render_options) {
  for (const auto& path : paths) {
    if (!repository.exists(from, path) && !repository.exists(to, path)) {
      throw Error(quoted(path) + " exists neither at " + from.revspec + " (" + from.short_sha() +
                  ") nor at " + to.revspec + " (" + to.short_sha() + ")");
    }
  }
  // A folder that exists on one side only (a new environment) renders as nothing on the other.
  auto present_paths = [&](const git::Commit& commit) -> std::optional<std::vector<std::string>> {
    std::vector<std::string> present;
    for (const auto& path : paths) {
      if (repository.exists(commit, path))
        present.push_back(path);
    }
    if (!paths.empty() && present.empty())
      return std::nullopt;
    return present;
  };
  // The rendered roots of either side: kustomizations, charts and Jsonnet files.
  std::vector<std::string> roots;
  for (const auto* commit : {&from, &to}) {
    if (auto present = present_paths(*commit)) {
      std::vector<git::File> listed;
      for (auto& path : repository.list_files(*commit, *present)) {
        if (manifest::is_kustomization_file(path) || manifest::is_jsonnet_file(path))
          roots.push_back(manifest::folder_of(path));
        listed.push_back({std::move(path), ""});
      }
      // Even where nothing changed. A path listing no files holds only links (which list_files
      // does not follow): render_revision, which follows them, judges it.
      std::vector<std::string> listing;
      for (const auto& path : *present) {
        if (std::any_of(listed.begin(), listed.end(),
                        [&](const git::File& file) { return manifest::is_under(file.path, path); }))
          listing.push_back(path);
      }
      manifest::require_renderable(listed, listing);
      for (auto& chart : manifest::chart_roots(listed))
        roots.push_back(std::move(chart));
    }
  }
  auto outside_kustomizations = [&](const std::string& path) {
    return std::none_of(roots.begin(), roots.end(),
                        [&](const std::string& root) { return manifest::is_under(path, root); });
  };
  auto under_paths = [&](const std::string& path) {
    return paths.empty() || std::any_of(paths.begin(), paths.end(), [&](const std::string& p) {
             return manifest::is_under(path, p);
           });
  };

  // Only files that differ between the two trees are read and parsed. A kustomization, a chart or
  // a Jsonnet file may read any file, so when anything but a plain manifest outside them changed,
  // they are rendered whole.
  auto changed = repository.changed_files(from, to, {}, manifest::is_rendered_file);
  std::sort(changed.begin(), changed.end());
  const bool render_kustomizations =
      !roots.empty() && !std::all_of(changed.begin(), changed.end(), [&](const std::string& path) {
        return manifest::is_plain_manifest_file(path) && outside_kustomizations(path);
      });
  auto render = [&](const git::Commit& commit) -> std::vector<manifest::Object> {
    auto present = present_paths(commit);
    if (!present)
      return {};
    if (render_kustomizations) {
      return source::render_revision(repository, commit, *present, kubectl, render_options,
                                     {&changed, true});
    }
    std::vector<std::string> selected;
    for (const auto& path : changed) {
      if (under_paths(path) && manifest::is_plain_manifest_file(path) &&
          repository.exists(commit, path)) {
        selected.push_back(path);
      }
    }
    if (selected.empty())
      return {};
    return source::render_revision(repository, commit, selected, kubectl, render_options);
  };
  auto before_objects = render(from);
  auto after_objects = render(to);
  manifest::reject_duplicates(before_objects);
  manifest::reject_duplicates(after_objects);

  diff::BeforeState before;
  for (auto& object : before_objects) {
    before.deletable.insert(object.id);
    before.objects.emplace(object.id, std::move(object.body));
  }
  options.before_is_declared = true;
  diff::Report report;
  report.changes = diff::compare(after_objects, before, options);
  report.source = {repository.location().string(), to.revspec, to.sha, paths, std::nullopt};
  report.target = {"", "", from.revspec, from.sha};
  return report;
}

}  // namespace gitops::pipeline
