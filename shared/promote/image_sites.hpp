#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/node/node.h>

#include "manifest/image_ref.hpp"
#include "manifest/yaml_text.hpp"

namespace gitops::promote {

// A place in a file that says which image to run.
struct ImageSite {
  enum class Kind {
    container,  // `image:` of a container or init container in a pod template
    kustomize,  // an entry of a kustomization's `images:` (name, newName, newTag, digest)
  };
  Kind kind = Kind::container;
  std::size_t file = 0;  // index into the YamlText list the site was found in
  int line = 0;          // 1-based
  // What the site makes the image: for a kustomize entry, newName (else name) with newTag and
  // digest; its version is empty when the entry pins neither.
  manifest::ImageRef ref;
  YAML::Node node;  // the `image:` scalar, or the kustomize entry's mapping
};

// Whether `path` is a kustomization file (kustomization.yaml, kustomization.yml, Kustomization).
bool is_kustomization(const std::string& path);

// Whether `path` is a YAML or JSON file a folder of manifests may hold.
bool is_manifest_file(const std::string& path);

// Every image site in `yaml` (file index `file`): containers and initContainers anywhere in a
// document with a `kind` (workloads, pods, pod templates, CronJob templates, custom resources
// that embed a pod spec), and, in a kustomization file, the `images:` entries. Values that are not
// image references (templates such as ${IMAGE}) are not sites.
std::vector<ImageSite> find_image_sites(const manifest::YamlText& yaml, std::size_t file);

}  // namespace gitops::promote
