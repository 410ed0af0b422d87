#include "source/desired.hpp"

#include <memory>

#include "error.hpp"
#include "source/remote_base.hpp"
#include "util/temp_dir.hpp"

namespace gitops::source {

std::string kustomize(const kube::Kubectl& kubectl, const std::string& folder,
                      const std::string& display_name) {
  auto result = kubectl.run({{"kustomize", folder}, ""});
  if (result.ok())
    return std::move(result.out);
  const auto what = "cannot render the kustomization " + quoted(display_name);
  if (result.timed_out)
    kube::throw_kubectl_failure(result, what);
  if (const auto base = source::unfetched_remote_base(result.err))
    throw Error(what + ": cannot fetch the remote base " + quoted(base->url) + ": " + base->reason);
  // kustomize never talks to the cluster: a refused connection is a base's, not the server's.
  throw Error(what + ": " + result.error_line());
}

std::vector<manifest::Object> render_revision(const git::Repository& repository,
                                              const git::Commit& commit,
                                              const std::vector<std::string>& paths,
                                              const kube::Kubectl& kubectl,
                                              const manifest::RenderScope& scope) {
  auto files = repository.read_files(commit, paths, manifest::is_rendered_file);
  // Exported once, on the first kustomization, for every kustomization of this revision.
  std::unique_ptr<util::TempDir> tree;
  auto kustomizer = [&](const std::string& folder) {
    if (!tree) {
      tree = std::make_unique<util::TempDir>("kubectl-gitops-tree");
      repository.export_tree(commit, tree->path());
    }
    return kustomize(kubectl, (tree->path() / folder).string(), folder);
  };
  return manifest::render(files, kustomizer, scope);
}

std::vector<manifest::Object> render_worktree(const git::Repository& repository,
                                              const std::vector<std::string>& paths,
                                              const kube::Kubectl& kubectl) {
  auto files = repository.read_worktree(paths, manifest::is_rendered_file);
  auto kustomizer = [&](const std::string& folder) {
    return kustomize(kubectl, (repository.workdir() / folder).string(), folder);
  };
  return manifest::render(files, kustomizer);
}

}  // namespace gitops::source
