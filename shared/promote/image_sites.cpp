#include "promote/image_sites.hpp"

#include <yaml-cpp/yaml.h>

#include "manifest/yaml_path.hpp"

namespace gitops::promote {
namespace {

using manifest::value_of;

int line_of(const YAML::Node& node) {
  return node.Mark().is_null() ? 0 : node.Mark().line + 1;
}

std::string base_name(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::optional<std::string> scalar_of(const YAML::Node& mapping, const std::string& key) {
  auto value = value_of(mapping, key);
  if (value && value->IsScalar()) {
    return value->Scalar();
  }
  return std::nullopt;
}

void add_containers(const YAML::Node& list, std::size_t file, std::vector<ImageSite>& sites) {
  for (const auto& container : list) {
    auto image = value_of(container, "image");
    if (!image || !image->IsScalar()) {
      continue;
    }
    if (auto ref = manifest::parse_image_ref(image->Scalar())) {
      sites.push_back(ImageSite{ImageSite::Kind::container, file, line_of(*image), *ref, *image});
    }
  }
}

// Walks a document for pod specs wherever they sit (spec.template.spec, jobTemplate, a custom
// resource's own layout). Documents were bounded when loaded (yaml_to_value), so aliases cannot
// make this walk explode.
void walk(const YAML::Node& node, std::size_t file, std::vector<ImageSite>& sites) {
  if (node.IsSequence()) {
    for (const auto& item : node) {
      walk(item, file, sites);
    }
  } else if (node.IsMap()) {
    for (const auto& pair : node) {
      const bool containers = pair.first.IsScalar() && (pair.first.Scalar() == "containers" ||
                                                        pair.first.Scalar() == "initContainers");
      if (containers && pair.second.IsSequence()) {
        add_containers(pair.second, file, sites);
      } else {
        walk(pair.second, file, sites);
      }
    }
  }
}

void add_kustomize_images(const YAML::Node& document, std::size_t file,
                          std::vector<ImageSite>& sites) {
  auto images = value_of(document, "images");
  if (!images || !images->IsSequence()) {
    return;
  }
  for (const auto& entry : *images) {
    auto name = scalar_of(entry, "name");
    if (!name) {
      continue;
    }
    auto ref = manifest::parse_image_ref(scalar_of(entry, "newName").value_or(*name));
    if (!ref || !ref->version.tag.empty() || !ref->version.digest.empty()) {
      continue;
    }
    ref->version.tag = scalar_of(entry, "newTag").value_or("");
    ref->version.digest = scalar_of(entry, "digest").value_or("");
    sites.push_back(ImageSite{ImageSite::Kind::kustomize, file, line_of(entry), *ref, entry});
  }
}

}  // namespace

bool is_kustomization(const std::string& path) {
  const std::string name = base_name(path);
  return name == "kustomization.yaml" || name == "kustomization.yml" || name == "Kustomization";
}

bool is_manifest_file(const std::string& path) {
  return path.ends_with(".yaml") || path.ends_with(".yml") || path.ends_with(".json") ||
         is_kustomization(path);
}

std::vector<ImageSite> find_image_sites(const manifest::YamlText& yaml, std::size_t file) {
  std::vector<ImageSite> sites;
  const bool kustomization = is_kustomization(yaml.path);
  for (const auto& document : yaml.documents) {
    if (kustomization) {
      add_kustomize_images(document, file, sites);
    } else if (value_of(document, "kind")) {
      walk(document, file, sites);
    }
  }
  return sites;
}

}  // namespace gitops::promote
