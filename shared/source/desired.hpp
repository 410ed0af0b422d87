#pragma once

#include <string>
#include <vector>

#include "git/repository.hpp"
#include "kube/kubectl.hpp"
#include "manifest/object.hpp"
#include "manifest/render.hpp"
#include "source/render_options.hpp"

namespace gitops::source {

// The desired objects under `paths` at a commit, read from git's object store (the working tree
// and index are never touched). Kustomizations (`kubectl kustomize`, with Helm when one declares
// helmCharts), Helm charts (`helm template`) and Jsonnet (libjsonnet) render on an export of the
// commit's tree in a temporary folder, independent ones in parallel. A PATH that holds nothing
// renderable is an Error; a render of the whole repository tells `options.note` the folders it
// skips.
std::vector<manifest::Object> render_revision(const git::Repository& repository,
                                              const git::Commit& commit,
                                              const std::vector<std::string>& paths,
                                              const kube::Kubectl& kubectl,
                                              const RenderOptions& options = {},
                                              const manifest::RenderScope& scope = {});

// The desired objects under `paths` in the working tree, uncommitted edits included.
std::vector<manifest::Object> render_worktree(const git::Repository& repository,
                                              const std::vector<std::string>& paths,
                                              const kube::Kubectl& kubectl,
                                              const RenderOptions& options = {});

// Runs `kubectl kustomize` on a folder of the filesystem; with `helm_command`, kustomize's Helm
// support is on and runs that helm.
std::string kustomize(const kube::Kubectl& kubectl, const std::string& folder,
                      const std::string& display_name, const std::string& helm_command = "");

}  // namespace gitops::source
