#include "manifest/render.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "error.hpp"
#include "manifest/parse.hpp"
#include "manifest/parse_error.hpp"
#include "manifest/render_roots.hpp"
#include "manifest/yaml_to_value.hpp"
#include "util/parallel.hpp"

namespace gitops::manifest {

namespace {

std::string base_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool in_dot_folder(const std::string& path) {
  return path.rfind('.', 0) == 0 || path.find("/.") != std::string::npos;
}

bool has_manifest_extension(const std::string& path) {
  for (const std::string extension : {".yaml", ".yml", ".json"}) {
    if (path.size() > extension.size() &&
        path.compare(path.size() - extension.size(), extension.size(), extension) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string folder_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

bool is_kustomization_file(const std::string& path) {
  auto name = base_name(path);
  return name == "kustomization.yaml" || name == "kustomization.yml" || name == "Kustomization";
}

bool is_plain_manifest_file(const std::string& path) {
  return has_manifest_extension(path) && !in_dot_folder(path) && !is_kustomization_file(path);
}

bool is_rendered_file(const std::string& path) {
  const bool jsonnet = path.ends_with(".jsonnet") || path.ends_with(".libsonnet");
  return is_plain_manifest_file(path) ||
         ((is_kustomization_file(path) || jsonnet) && !in_dot_folder(path));
}

bool is_under(const std::string& path, const std::string& folder) {
  return folder.empty() || path == folder || path.rfind(folder + "/", 0) == 0;
}

namespace {

// The folders a kustomization uses as resources, bases or components, repository-relative.
std::vector<std::string> referenced_folders(const git::File& kustomization) {
  std::vector<std::string> folders;
  YAML::Node document;
  try {
    document = YAML::Load(kustomization.content);
  } catch (const YAML::Exception& error) {
    throw parse_error(kustomization.path, error.mark.is_null() ? 0 : error.mark.line + 1,
                      error.msg);
  }
  Value config = yaml_to_value(document, kustomization.path);
  if (!config.is_object())
    return folders;
  const std::filesystem::path base = folder_of(kustomization.path);
  for (const char* field : {"resources", "bases", "components"}) {
    auto list = config.find(field);
    if (list == config.end() || !list->is_array())
      continue;
    for (const auto& entry : *list) {
      if (!entry.is_string())
        continue;
      auto target = (base / entry.get<std::string>()).lexically_normal().generic_string();
      while (!target.empty() && target.back() == '/')
        target.pop_back();
      folders.push_back(target);
    }
  }
  return folders;
}

}  // namespace

std::vector<std::string> kustomization_roots(const std::vector<git::File>& files) {
  std::set<std::string> roots;
  std::vector<const git::File*> kustomizations;
  for (const auto& file : files) {
    if (in_dot_folder(file.path) || !is_kustomization_file(file.path))
      continue;
    roots.insert(folder_of(file.path));
    kustomizations.push_back(&file);
  }
  // A kustomization inside another one's folder belongs to it; one used as a base by another is
  // rendered through that one only.
  std::set<std::string> hidden;
  for (const auto& root : roots) {
    for (const auto& other : roots) {
      if (other != root && is_under(root, other))
        hidden.insert(root);
    }
  }
  for (const auto* kustomization : kustomizations) {
    for (const auto& folder : referenced_folders(*kustomization)) {
      if (roots.count(folder) && folder != folder_of(kustomization->path))
        hidden.insert(folder);
    }
  }
  std::vector<std::string> rendered;
  for (const auto& root : roots) {
    if (!hidden.count(root))
      rendered.push_back(root);
  }
  return rendered;
}

std::vector<Object> render(const std::vector<git::File>& files, const Kustomizer& kustomize,
                           const RenderScope& scope) {
  Renderers renderers;
  renderers.kustomize = kustomize;
  return render(files, renderers, scope);
}

std::vector<Object> render(const std::vector<git::File>& files, const Renderers& renderers,
                           const RenderScope& scope) {
  // Every folder whose files are not read one by one: kustomizations (bases included) and charts.
  std::vector<std::string> all_roots;
  for (const auto& file : files) {
    if (!in_dot_folder(file.path) && is_kustomization_file(file.path)) {
      all_roots.push_back(folder_of(file.path));
    }
  }
  const auto charts = chart_roots(files);
  all_roots.insert(all_roots.end(), charts.begin(), charts.end());
  auto inside_a_root = [&](const std::string& path) {
    for (const auto& root : all_roots) {
      if (is_under(path, root))
        return true;
    }
    return false;
  };

  // The rendered roots, each one job: (what renders it, its folder or file).
  enum class Kind { kustomization, chart, jsonnet };
  std::vector<std::pair<Kind, std::string>> jobs;
  if (scope.rendered_roots) {
    for (const auto& root : kustomization_roots(files))
      jobs.emplace_back(Kind::kustomization, root);
    for (const auto& chart : charts)
      jobs.emplace_back(Kind::chart, chart);
    for (const auto& file : jsonnet_files(files))
      jobs.emplace_back(Kind::jsonnet, file);
  }
  std::vector<std::vector<Object>> rendered(jobs.size());
  util::parallel_for(jobs.size(), std::max<std::size_t>(renderers.workers, 1), [&](std::size_t i) {
    const auto& [kind, root] = jobs[i];
    switch (kind) {
      case Kind::kustomization: {
        rendered[i] = parse_manifests(renderers.kustomize(root),
                                      (root.empty() ? "." : root) + " (kustomize)");
        for (auto& object : rendered[i])
          object.source.line = 0;
        break;
      }
      case Kind::chart:
        rendered[i] = renderers.chart(root);
        break;
      case Kind::jsonnet:
        rendered[i] = renderers.jsonnet(root);
        break;
    }
  });

  std::vector<Object> objects;
  for (auto& some : rendered) {
    objects.insert(objects.end(), std::make_move_iterator(some.begin()),
                   std::make_move_iterator(some.end()));
  }
  for (const auto& file : files) {
    if (!is_plain_manifest_file(file.path) || inside_a_root(file.path) ||
        (scope.only && !std::binary_search(scope.only->begin(), scope.only->end(), file.path))) {
      continue;
    }
    auto parsed = parse_manifests(file.content, file.path);
    objects.insert(objects.end(), std::make_move_iterator(parsed.begin()),
                   std::make_move_iterator(parsed.end()));
  }
  return objects;
}

}  // namespace gitops::manifest
