#pragma once

#include <string>
#include <vector>

#include "git/repository.hpp"
#include "kube/kubectl.hpp"
#include "manifest/object.hpp"
#include "manifest/render.hpp"

namespace gitops::source {

// The desired objects under `paths` at a commit, read from git's object store (the working tree
// and index are never touched). Kustomizations are rendered by `kubectl kustomize` on an export of
// the commit's tree in a temporary folder.
std::vector<manifest::Object> render_revision(const git::Repository& repository,
                                              const git::Commit& commit,
                                              const std::vector<std::string>& paths,
                                              const kube::Kubectl& kubectl,
                                              const manifest::RenderScope& scope = {});

// The desired objects under `paths` in the working tree, uncommitted edits included.
std::vector<manifest::Object> render_worktree(const git::Repository& repository,
                                              const std::vector<std::string>& paths,
                                              const kube::Kubectl& kubectl);

// Runs `kubectl kustomize` on a folder of the filesystem.
std::string kustomize(const kube::Kubectl& kubectl, const std::string& folder,
                      const std::string& display_name);

}  // namespace gitops::source
