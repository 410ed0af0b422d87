#include "source/desired.hpp"

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>

#include "error.hpp"
#include "manifest/chart.hpp"
#include "manifest/jsonnet_output.hpp"
#include "manifest/render_roots.hpp"
#include "source/chart_render.hpp"
#include "source/jsonnet.hpp"
#include "source/remote_base.hpp"
#include "util/parallel.hpp"
#include "util/temp_dir.hpp"

namespace gitops::source {

namespace {

// Where the files of the render live on disk, made on first use (from any of the render's
// threads), and what identifies a committed folder.
struct RenderRoot {
  std::function<std::filesystem::path()> make;
  std::function<std::optional<std::string>(const std::string& folder)> tree_id;

  std::filesystem::path path() {
    std::call_once(once, [&] { made = make(); });
    return made;
  }
  std::optional<std::string> id_of(const std::string& folder) {
    std::lock_guard lock(mutex);  // one libgit2 repository, used from the render's threads
    return tree_id(folder);
  }

  std::once_flag once;
  std::mutex mutex;
  std::filesystem::path made;
};

// Whether a kustomization among the files declares helmCharts (a base's counts: it renders through
// the overlay).
bool uses_helm_charts(const std::vector<git::File>& files) {
  return std::any_of(files.begin(), files.end(), [](const git::File& file) {
    return manifest::is_kustomization_file(file.path) &&
           (file.content.rfind("helmCharts:", 0) == 0 ||
            file.content.find("\nhelmCharts:") != std::string::npos);
  });
}

std::string listed(const std::vector<std::string>& folders) {
  std::string text;
  for (const auto& folder : folders)
    text += (text.empty() ? "" : ", ") + quoted(folder);
  return text;
}

std::vector<manifest::Object> render_files(const std::vector<git::File>& files,
                                           const std::vector<std::string>& paths, RenderRoot& root,
                                           const kube::Kubectl& kubectl,
                                           const RenderOptions& options,
                                           const manifest::RenderScope& scope) {
  manifest::require_renderable(files, paths);
  const bool whole_repository =
      paths.empty() ||
      std::any_of(paths.begin(), paths.end(), [](const std::string& path) { return path.empty(); });
  if (whole_repository && options.note) {
    if (const auto skipped = manifest::unrendered_folders(files); !skipped.empty()) {
      options.note("nothing renders in " + listed(skipped) +
                   " (no manifests, kustomization, Helm chart or Jsonnet): skipped");
    }
  }

  kube::Helm helm(options.helm);
  const bool kustomize_helm = uses_helm_charts(files);
  std::once_flag namespace_once;
  std::string chart_namespace = options.namespace_;
  auto release_namespace = [&] {
    std::call_once(namespace_once, [&] {
      if (chart_namespace.empty() && options.default_namespace)
        chart_namespace = options.default_namespace();
      if (chart_namespace.empty())
        chart_namespace = "default";
    });
    return chart_namespace;
  };

  manifest::Renderers renderers;
  renderers.workers = std::max<std::size_t>(util::cores(), 2);
  renderers.kustomize = [&](const std::string& folder) {
    auto with_helm = [&] {
      helm.version();  // a missing or old helm is one clear line, not kustomize's
      return kustomize(kubectl, (root.path() / folder).string(), folder, helm.binary());
    };
    if (kustomize_helm)
      return with_helm();
    try {
      return kustomize(kubectl, (root.path() / folder).string(), folder);
    } catch (const Error& error) {
      // helmCharts in a base outside the PATHs: kustomize asks for its Helm support.
      if (std::string(error.what()).find("enable-helm") == std::string::npos)
        throw;
      return with_helm();
    }
  };
  renderers.chart = [&](const std::string& chart) {
    manifest::require_vendored_dependencies(files, chart);
    return render_chart(helm, options,
                        {root.path(), chart, release_namespace(), root.id_of(chart)});
  };
  renderers.jsonnet = [&](const std::string& file) {
    return manifest::parse_jsonnet_output(evaluate_jsonnet(root.path(), file, options.jsonnet),
                                          file);
  };
  return manifest::render(files, renderers, scope);
}

}  // namespace

std::string kustomize(const kube::Kubectl& kubectl, const std::string& folder,
                      const std::string& display_name, const std::string& helm_command) {
  std::vector<std::string> args = {"kustomize", folder};
  if (!helm_command.empty()) {
    args.insert(args.end(), {"--enable-helm", "--helm-command", helm_command});
  }
  auto result = kubectl.run({args, ""});
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
                                              const RenderOptions& options,
                                              const manifest::RenderScope& scope) {
  auto files = repository.read_files(commit, paths, manifest::is_rendered_file);
  // Exported once, on the first root that needs it, for every root of this revision.
  std::unique_ptr<util::TempDir> tree;
  RenderRoot root;
  root.make = [&] {
    tree = std::make_unique<util::TempDir>("kubectl-gitops-tree");
    repository.export_tree(commit, tree->path());
    return tree->path();
  };
  root.tree_id = [&](const std::string& folder) { return repository.tree_id(commit, folder); };
  return render_files(files, paths, root, kubectl, options, scope);
}

std::vector<manifest::Object> render_worktree(const git::Repository& repository,
                                              const std::vector<std::string>& paths,
                                              const kube::Kubectl& kubectl,
                                              const RenderOptions& options) {
  auto files = repository.read_worktree(paths, manifest::is_rendered_file);
  RenderRoot root;
  root.make = [&] { return repository.workdir(); };
  root.tree_id = [](const std::string&) { return std::optional<std::string>(); };
  return render_files(files, paths, root, kubectl, options, {});
}

}  // namespace gitops::source
