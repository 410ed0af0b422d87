#include <yaml-cpp/yaml.h>

#include "promote/promotion.hpp"

#include <filesystem>
#include <map>

#include "error.hpp"
#include "manifest/yaml_path.hpp"
#include "promote/generator_files.hpp"
#include "promote/image_edit.hpp"
#include "promote/plan_fields.hpp"
#include "promote/plan_files.hpp"
#include "promote/plan_images.hpp"
#include "promote/plan_state.hpp"

namespace gitops::promote {
namespace {

// Applies one override to the sites it names: one change per image it matches.
void apply_override(FolderFiles& target, const std::vector<ImageSite>& sites,
                    const ImageOverride& override, EditSet& edits, Promotion& promotion) {
  std::map<std::string, std::vector<const ImageSite*>> matching;  // by canonical name
  for (const ImageSite& site : sites) {
    if (image_name_matches(override.name, site.ref)) {
      matching[site.ref.canonical_name()].push_back(&site);
    }
  }
  if (matching.empty()) {
    throw Error("image " + quoted(override.name) + " is not used in " +
                quoted(target.folder().path) + " at " + target.folder().where);
  }
  for (const auto& [name, image_sites] : matching) {
    promote_image(target, image_sites, override.ref.version, edits, promotion);
  }
}

std::string usage_of_override() {
  return "write NAME=REF, e.g. web=ghcr.io/acme/web:1.3.0 or web=:1.3.0";
}

}  // namespace

Promotion plan_promotion(const Folder& source, const Folder& target, const Selection& selection) {
  FolderFiles from(source);
  FolderFiles to(target);
  EditSet edits;
  Promotion promotion;
  if (selection.promotes_images()) {
    plan_images(from, to, selection, edits, promotion);
  }
  plan_fields(from, to, selection.fields, edits, promotion);
  plan_files(from, to, selection.file_globs, edits, promotion);
  promotion.files = edits.finish();
  promotion.generator_files = secret_generator_files(&source, target, promotion.files);
  return promotion;
}

Promotion plan_image_overrides(const Folder& target, const std::vector<ImageOverride>& overrides) {
  FolderFiles to(target);
  const std::vector<ImageSite> sites = to.image_sites();
  EditSet edits;
  Promotion promotion;
  for (const ImageOverride& override : overrides) {
    apply_override(to, sites, override, edits, promotion);
  }
  promotion.files = edits.finish();
  promotion.generator_files = secret_generator_files(nullptr, target, promotion.files);
  return promotion;
}

bool image_name_matches(const std::string& wanted, const manifest::ImageRef& ref) {
  const auto parsed = manifest::parse_image_ref(wanted);
  if (parsed && parsed->canonical_name() == ref.canonical_name()) {
    return true;
  }
  return wanted.find('/') == std::string::npos && wanted == ref.short_name();
}

FieldSpec parse_field_spec(const std::string& text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    throw Error("invalid field " + quoted(text) +
                ": write FILE:PATH, e.g. values.yaml:image.tag (FILE relative to the folder)");
  }
  const std::string file =
      std::filesystem::path(text.substr(0, colon)).lexically_normal().generic_string();
  if (file.starts_with("..") || file.starts_with('/')) {
    throw Error("invalid field " + quoted(text) + ": the file must be inside the folder");
  }
  FieldSpec spec{file, text.substr(colon + 1)};
  manifest::parse_value_path(spec.path);  // reports a malformed path now, before any work
  return spec;
}

ImageOverride parse_image_override(const std::string& text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) {
    throw Error("invalid image " + quoted(text) + ": " + usage_of_override());
  }
  const std::string name = text.substr(0, equals);
  std::string reference = text.substr(equals + 1);
  const auto parsed_name = manifest::parse_image_ref(name);
  if (!parsed_name || !parsed_name->version.tag.empty() || !parsed_name->version.digest.empty()) {
    throw Error("invalid image " + quoted(text) + ": " + quoted(name) +
                " is not an image name (no tag or digest there); " + usage_of_override());
  }
  if (reference.starts_with(':') || reference.starts_with('@')) {
    reference = name + reference;
  }
  const auto ref = manifest::parse_image_ref(reference);
  if (!ref) {
    throw Error("invalid image " + quoted(text) + ": " + quoted(reference) +
                " is not an image reference");
  }
  if (!image_name_matches(name, *ref)) {
    throw Error("invalid image " + quoted(text) + ": " + quoted(reference) +
                " is not an image named " + quoted(name));
  }
  if (ref->version.tag.empty() && ref->version.digest.empty()) {
    throw Error("invalid image " + quoted(text) + ": " + quoted(reference) +
                " pins neither a tag nor a digest");
  }
  return ImageOverride{name, *ref};
}

}  // namespace gitops::promote
