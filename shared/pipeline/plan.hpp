#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "diff/compare.hpp"
#include "diff/report.hpp"
#include "git/repository.hpp"
#include "kube/api_client.hpp"
#include "kube/context.hpp"
#include "kube/discovery.hpp"
#include "kube/kubectl.hpp"
#include "manifest/object.hpp"
#include "source/render_options.hpp"

namespace gitops::pipeline {

// How charts and Jsonnet render, for the areas above that name it through the plan.
using RenderOptions = source::RenderOptions;

// The file, at the repository's root, whose rules (one KIND:FIELD.PATH a line) gitdiff and gitsync
// add to --ignore.
inline constexpr const char* kIgnoreFile = ".gitdiffignore";

// What to compare with the live cluster: a commit (or the working tree) under some paths.
struct PlanRequest {
  const git::Repository* repository = nullptr;
  std::optional<git::Commit> commit;  // nullopt: the working tree
  std::string revision;               // as the user typed it, for reports
  std::vector<std::string> paths;     // repository-relative
  // How charts and Jsonnet render; a chart's namespace defaults to the target's.
  source::RenderOptions render;
  std::vector<diff::IgnoreRule> ignore;
  std::set<manifest::ObjectId> inventory;  // what the last sync recorded: deletable
  // Or a loader for it, run beside rendering through the run's proxy (gitdiff reads the app record
  // this way).
  std::function<std::set<manifest::ObjectId>(kube::ApiClient&)> load_inventory;
  // The cluster's context, server and default namespace; read from the kubeconfig through kubectl
  // when absent.
  std::optional<kube::ClusterTarget> target;
};

// The desired objects (namespaces resolved, validated) and how they compare with the cluster: the
// one plan gitdiff prints and gitsync applies.
struct Plan {
  diff::Report report;
  std::vector<manifest::Object> desired;
  // Hooks (manifest/hook.hpp), namespaces resolved: never compared, recorded or pruned; a sync
  // creates them at their points. The report lists them.
  std::vector<manifest::Object> hooks;
  kube::Discovery discovery;
};

// Render, resolve namespaces against discovery (kinds defined by CRDs in the change count as
// known), read the live objects in parallel lists, compare. The cluster is read through one
// `kubectl proxy`, started first so that it comes up while the revision renders.
Plan plan_against_cluster(const kube::Kubectl& kubectl, const PlanRequest& request);
// The same through a client the caller holds (gitsync's, which also writes).
Plan plan_against_cluster(const kube::Kubectl& kubectl, kube::ApiClient& api,
                          const PlanRequest& request);

// gitdiff A..B: compares two revisions without any cluster. Only files that differ between the
// two trees are parsed; kustomizations are rendered when anything they may read changed.
diff::Report diff_revisions(const git::Repository& repository, const git::Commit& from,
                            const git::Commit& to, const std::vector<std::string>& paths,
                            const kube::Kubectl& kubectl, diff::CompareOptions options,
                            const source::RenderOptions& render = {});

// The rules of kIgnoreFile at the commit (or in the working tree), none when it does not exist.
std::vector<diff::IgnoreRule> ignore_rules_at(const git::Repository& repository,
                                              const std::optional<git::Commit>& commit);

}  // namespace gitops::pipeline
