// Promoting images: each image the target uses gets the tag and digest the source uses.

#include "promote/plan_images.hpp"

#include <algorithm>
#include <map>

#include <yaml-cpp/yaml.h>

#include "error.hpp"
#include "promote/image_edit.hpp"

namespace gitops::promote {
namespace {

using SitesByName = std::map<std::string, std::vector<const ImageSite*>>;  // canonical name

SitesByName by_name(const std::vector<ImageSite>& sites) {
  SitesByName result;
  for (const ImageSite& site : sites) {
    result[site.ref.canonical_name()].push_back(&site);
  }
  return result;
}

std::string location(const FolderFiles& files, const ImageSite& site) {
  return files.yaml_at(site.file).path + " line " + std::to_string(site.line);
}

// The version the source runs: a kustomize entry overrides what manifests say; an entry that pins
// neither tag nor digest says nothing. Several different versions are an error, since which one
// to promote is a guess.
manifest::ImageVersion source_version(const FolderFiles& source,
                                      const std::vector<const ImageSite*>& sites) {
  std::vector<const ImageSite*> deciding;
  for (const ImageSite* site : sites) {
    if (site->kind == ImageSite::Kind::kustomize) {
      deciding.push_back(site);
    }
  }
  if (deciding.empty()) {
    deciding = sites;
  }
  const manifest::ImageVersion version = deciding.front()->ref.version;
  for (const ImageSite* site : deciding) {
    if (!(site->ref.version == version)) {
      throw Error(quoted(source.folder().path) + " runs " + quoted(site->ref.name) +
                  " in more than one version: " + version.describe() + " (" +
                  location(source, *deciding.front()) + ") and " + site->ref.version.describe() +
                  " (" + location(source, *site) + "); make them agree, or promote a field");
    }
  }
  return version;
}

bool pins_a_version(const ImageSite& site) {
  return site.kind == ImageSite::Kind::container || !site.ref.version.tag.empty() ||
         !site.ref.version.digest.empty();
}

void add_unique(std::vector<std::string>& values, const std::string& value) {
  if (std::find(values.begin(), values.end(), value) == values.end()) {
    values.push_back(value);
  }
}

// The canonical names of the images in common that `selection` picks, in the order the target
// first names them.
std::vector<std::string> selected_names(const SitesByName& source, const SitesByName& target,
                                        const std::vector<ImageSite>& target_sites,
                                        const Selection& selection, const FolderFiles& from,
                                        const FolderFiles& to) {
  std::vector<std::string> common;
  for (const ImageSite& site : target_sites) {
    const std::string name = site.ref.canonical_name();
    if (source.count(name)) {
      add_unique(common, name);
    }
  }
  const std::string both =
      "both " + quoted(from.folder().path) + " and " + quoted(to.folder().path);
  if (selection.images.empty()) {
    if (common.empty()) {
      throw Error("no image is used by " + both);
    }
    return common;
  }
  std::vector<std::string> picked;
  for (const std::string& wanted : selection.images) {
    bool found = false;
    for (const std::string& name : common) {
      if (image_name_matches(wanted, target.at(name).front()->ref)) {
        add_unique(picked, name);
        found = true;
      }
    }
    if (!found) {
      throw Error("image " + quoted(wanted) + " is not used by " + both);
    }
  }
  return picked;
}

}  // namespace

void plan_images(FolderFiles& source, FolderFiles& target, const Selection& selection,
                 EditSet& edits, Promotion& promotion) {
  std::vector<ImageSite> source_sites = source.image_sites();
  std::erase_if(source_sites, [](const ImageSite& site) { return !pins_a_version(site); });
  const std::vector<ImageSite> target_sites = target.image_sites();
  const SitesByName from = by_name(source_sites);
  const SitesByName to = by_name(target_sites);

  for (const auto& [name, sites] : from) {
    if (!to.count(name))
      add_unique(promotion.only_in_source, sites.front()->ref.name);
  }
  for (const auto& [name, sites] : to) {
    if (!from.count(name))
      add_unique(promotion.only_in_target, sites.front()->ref.name);
  }

  for (const std::string& name :
       selected_names(from, to, target_sites, selection, source, target)) {
    const manifest::ImageVersion version = source_version(source, from.at(name));
    promote_image(target, to.at(name), version, edits, promotion);
  }
}

}  // namespace gitops::promote
