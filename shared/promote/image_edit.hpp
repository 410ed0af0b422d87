#pragma once

// Private to shared/promote/: pointing image sites of the target at a new version.

#include <vector>

#include "manifest/image_ref.hpp"
#include "manifest/yaml_text.hpp"
#include "promote/image_sites.hpp"
#include "promote/plan_state.hpp"
#include "promote/promotion.hpp"

namespace gitops::promote {

// Points an image site at `version`: the whole reference of a container's `image:`, or newTag and
// digest of a kustomize entry (added or removed as `version` has them).
void set_image_version(const manifest::YamlText& yaml, const ImageSite& site,
                       const manifest::ImageVersion& version, EditSet& edits);

// Where to write an image in the target: its kustomize entries if it has any for the image (they
// override the manifests, so editing those too would change lines that do not matter), else every
// manifest that names it.
std::vector<const ImageSite*> sites_to_edit(const std::vector<const ImageSite*>& sites);

// Points every site of one image (all named alike) at `version`, where it differs, recording the
// change, or the image as up to date when no site differs.
void promote_image(const FolderFiles& target, const std::vector<const ImageSite*>& sites,
                   const manifest::ImageVersion& version, EditSet& edits, Promotion& promotion);

}  // namespace gitops::promote
