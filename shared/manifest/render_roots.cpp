#include "manifest/render_roots.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "error.hpp"
#include "manifest/render.hpp"

namespace gitops::manifest {

namespace {

std::string base_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() > suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool in_dot_folder(const std::string& path) {
  return path.rfind('.', 0) == 0 || path.find("/.") != std::string::npos;
}

bool in_vendor_folder(const std::string& path) {
  return path.rfind("vendor/", 0) == 0 || path.find("/vendor/") != std::string::npos;
}

bool is_jsonnet_library(const std::string& path) {
  return ends_with(path, ".libsonnet");
}

bool under_any(const std::string& path, const std::vector<std::string>& folders) {
  return std::any_of(folders.begin(), folders.end(),
                     [&](const std::string& folder) { return is_under(path, folder); });
}

std::vector<std::string> kustomization_folders(const std::vector<git::File>& files) {
  std::vector<std::string> folders;
  for (const auto& file : files) {
    if (!in_dot_folder(file.path) && is_kustomization_file(file.path))
      folders.push_back(folder_of(file.path));
  }
  return folders;
}

std::string plural(std::size_t count, const std::string& one) {
  return std::to_string(count) + " " + one + (count == 1 ? "" : "s");
}

}  // namespace

bool is_chart_file(const std::string& path) {
  return base_name(path) == "Chart.yaml";
}

bool is_jsonnet_file(const std::string& path) {
  return ends_with(path, ".jsonnet");
}

bool is_renderable_file(const std::string& path) {
  return !in_dot_folder(path) &&
         (is_plain_manifest_file(path) || is_kustomization_file(path) || is_jsonnet_file(path));
}

std::vector<std::string> chart_roots(const std::vector<git::File>& files) {
  const auto kustomizations = kustomization_folders(files);
  std::vector<std::string> charts;
  for (const auto& file : files) {
    if (in_dot_folder(file.path) || !is_chart_file(file.path))
      continue;
    const auto folder = folder_of(file.path);
    if (!under_any(folder, kustomizations) && !under_any(folder, charts))
      charts.push_back(folder);  // files come in path order: a parent chart comes first
  }
  return charts;
}

std::vector<std::string> jsonnet_files(const std::vector<git::File>& files) {
  auto skipped = kustomization_folders(files);
  const auto charts = chart_roots(files);
  skipped.insert(skipped.end(), charts.begin(), charts.end());
  std::vector<std::string> found;
  for (const auto& file : files) {
    if (is_jsonnet_file(file.path) && !in_dot_folder(file.path) && !in_vendor_folder(file.path) &&
        !under_any(file.path, skipped)) {
      found.push_back(file.path);
    }
  }
  return found;
}

std::string unrenderable_message(const std::string& path, const std::vector<std::string>& held) {
  std::string what = "it holds no files";
  if (!held.empty()) {
    std::string names;
    const std::size_t shown = std::min<std::size_t>(held.size(), 5);
    for (std::size_t i = 0; i < shown; ++i)
      names += (i ? ", " : "") + held[i];
    if (held.size() > shown)
      names += ", ...";
    what = "it holds " + plural(held.size(), "file") + " (" + names + "), none of which renders";
  }
  return "cannot render " + quoted(path.empty() ? "." : path) + ": " + what +
         " (gitops renders *.yaml, *.yml and *.json manifests, kustomizations, Helm charts with "
         "their Chart.yaml, and *.jsonnet files)";
}

void require_renderable(const std::vector<git::File>& files,
                        const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    if (path.empty() || path == ".")
      continue;
    std::vector<std::string> held;
    bool renderable = false;
    for (const auto& file : files) {
      if (!is_under(file.path, path))
        continue;
      renderable = renderable || is_renderable_file(file.path);
      auto shown = file.path.size() > path.size() && file.path.rfind(path + "/", 0) == 0
                       ? file.path.substr(path.size() + 1)
                       : base_name(file.path);
      held.push_back(shown);
    }
    if (!renderable)
      throw Error(unrenderable_message(path, held), ErrorKind::invalid_input);
  }
}

std::vector<std::string> unrendered_folders(const std::vector<git::File>& files) {
  // For every folder: whether anything under it renders (or is a Jsonnet library).
  std::map<std::string, bool> renders;
  auto roots = kustomization_folders(files);
  const auto charts = chart_roots(files);
  roots.insert(roots.end(), charts.begin(), charts.end());
  for (const auto& file : files) {
    if (in_dot_folder(file.path))
      continue;
    const bool used = under_any(file.path, roots) || is_renderable_file(file.path) ||
                      is_jsonnet_library(file.path);
    for (auto folder = folder_of(file.path); !folder.empty(); folder = folder_of(folder)) {
      renders[folder] = renders[folder] || used;
    }
  }
  std::vector<std::string> skipped;
  for (const auto& [folder, rendered] : renders) {
    if (rendered || under_any(folder, roots))
      continue;
    const auto parent = folder_of(folder);
    if (parent.empty() || renders[parent])
      skipped.push_back(folder);
  }
  return skipped;
}

}  // namespace gitops::manifest
