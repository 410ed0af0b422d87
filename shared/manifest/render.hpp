#pragma once

#include <functional>
#include <string>
#include <vector>

#include "git/repository.hpp"
#include "manifest/object.hpp"

namespace gitops::manifest {

// Renders one kustomization folder (repository-relative) into a YAML stream.
using Kustomizer = std::function<std::string(const std::string& folder)>;
// Renders one Helm chart folder, or one *.jsonnet file, (repository-relative) into objects.
using ChartRenderer = std::function<std::vector<Object>(const std::string& folder)>;
using JsonnetRenderer = std::function<std::vector<Object>(const std::string& file)>;

struct Renderers {
  Kustomizer kustomize;
  ChartRenderer chart;
  JsonnetRenderer jsonnet;
  std::size_t workers = 1;  // how many roots render at once
};

// Turns the files under the user's PATHs into desired objects:
// - a folder holding a kustomization (kustomization.yaml, kustomization.yml, Kustomization) is
//   rendered whole by `kustomize`, and none of its files is read on its own; a kustomization that
//   another one in the set uses as a resource (a base) is rendered only through that one;
// - a folder holding Chart.yaml is a Helm chart, rendered whole by `chart` (render_roots.hpp);
// - every *.jsonnet file outside those is evaluated by `jsonnet`;
// - every other *.yaml, *.yml and *.json file is parsed as a manifest stream;
// - files in dot-folders (.github, .gitops) are skipped.
// Kustomizations, charts and Jsonnet files (the rendered roots) render in parallel; the objects
// come in that order, then the plain files' in file order.
//
// `only` narrows the work for a diff of two revisions: plain files outside it are not parsed, and
// the rendered roots are rendered only when `rendered_roots` is set.
struct RenderScope {
  const std::vector<std::string>* only = nullptr;  // sorted; null: every file
  bool rendered_roots = true;
};
std::vector<Object> render(const std::vector<git::File>& files, const Renderers& renderers,
                           const RenderScope& scope = {});
std::vector<Object> render(const std::vector<git::File>& files, const Kustomizer& kustomize,
                           const RenderScope& scope = {});

// Path rules render() follows, for callers that choose files before reading them.
bool is_kustomization_file(const std::string& path);
// A *.yaml, *.yml or *.json file outside dot-folders, other than a kustomization.
bool is_plain_manifest_file(const std::string& path);
// A plain manifest, a kustomization or a Jsonnet file outside dot-folders: what render() reads, and
// so the symbolic links that reading a revision or the working tree follows (git::FollowLinks).
bool is_rendered_file(const std::string& path);
// Whether `path` lies in `folder` ("" is the repository root).
bool is_under(const std::string& path, const std::string& folder);
std::string folder_of(const std::string& path);

// The kustomization folders render() would run kustomize on, in path order.
std::vector<std::string> kustomization_roots(const std::vector<git::File>& files);

}  // namespace gitops::manifest
