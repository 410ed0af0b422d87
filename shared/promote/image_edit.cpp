// Pointing one image site at a new version.

#include "promote/image_edit.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include <yaml-cpp/yaml.h>

#include "manifest/yaml_path.hpp"

namespace gitops::promote {

using manifest::ScalarKind;
using manifest::ScalarStyle;

std::vector<const ImageSite*> sites_to_edit(const std::vector<const ImageSite*>& sites) {
  std::vector<const ImageSite*> kustomize;
  std::copy_if(sites.begin(), sites.end(), std::back_inserter(kustomize),
               [](const ImageSite* site) { return site->kind == ImageSite::Kind::kustomize; });
  return kustomize.empty() ? sites : kustomize;
}

void set_image_version(const manifest::YamlText& yaml, const ImageSite& site,
                       const manifest::ImageVersion& version, EditSet& edits) {
  if (site.kind == ImageSite::Kind::container) {
    edits.edit(yaml, manifest::replace_scalar(yaml, site.node, site.ref.name + version.suffix(),
                                              ScalarKind::string));
    return;
  }
  // A kustomize entry: newTag and digest each follow the version, added or removed as needed.
  const std::pair<std::string, std::string> wanted[] = {{"newTag", version.tag},
                                                        {"digest", version.digest}};
  std::vector<std::string> removed;
  for (const auto& [key, value] : wanted) {
    if (value.empty() && manifest::value_of(site.node, key)) {
      edits.edit(yaml, manifest::remove_entry(yaml, site.node, key));
      removed.push_back(key);
    }
  }
  for (const auto& [key, value] : wanted) {
    if (value.empty()) {
      continue;
    }
    auto node = manifest::value_of(site.node, key);
    if (!node) {
      const std::string text =
          manifest::render_scalar(value, ScalarStyle::plain, ScalarKind::string);
      edits.edit(yaml, manifest::insert_entry(yaml, site.node, key, text, removed));
    } else if (!node->IsScalar() || node->Scalar() != value) {
      edits.edit(yaml, manifest::replace_scalar(yaml, *node, value, ScalarKind::string));
    }
  }
}

void promote_image(const FolderFiles& target, const std::vector<const ImageSite*>& sites,
                   const manifest::ImageVersion& version, EditSet& edits, Promotion& promotion) {
  Change change;
  change.kind = ChangeKind::image;
  change.subject = sites.front()->ref.short_name();
  change.name = sites.front()->ref.name;
  change.after = version.describe();
  for (const ImageSite* site : sites_to_edit(sites)) {
    if (site->ref.version == version) {
      continue;
    }
    const manifest::YamlText& yaml = target.yaml_at(site->file);
    set_image_version(yaml, *site, version, edits);
    const std::string before = site->ref.version.describe();
    if (std::find(change.before.begin(), change.before.end(), before) == change.before.end()) {
      change.before.push_back(before);
    }
    if (std::find(change.files.begin(), change.files.end(), yaml.path) == change.files.end()) {
      change.files.push_back(yaml.path);
    }
  }
  if (change.files.empty()) {
    promotion.up_to_date.push_back(change.subject + " " + change.after);
  } else {
    promotion.changes.push_back(std::move(change));
  }
}

}  // namespace gitops::promote
