#pragma once

// Private to shared/promote/: what the planners (images, fields, files) share while working out a
// promotion.

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "manifest/yaml_edit.hpp"
#include "promote/image_sites.hpp"
#include "promote/promotion.hpp"

namespace gitops::promote {

// A folder's files, parsed on first use.
class FolderFiles {
 public:
  explicit FolderFiles(const Folder& folder);

  const Folder& folder() const { return *folder_; }
  // "envs/prod" + "/" + relative.
  std::string path_of(const std::string& relative) const;
  // The file at a repository path, or null.
  const git::File* find(const std::string& path) const;
  // The parsed file at a repository path; Error when the folder has no such file.
  const manifest::YamlText& yaml(const std::string& path);
  // Image sites of every manifest file; ImageSite::file indexes yaml_at().
  std::vector<ImageSite> image_sites();
  const manifest::YamlText& yaml_at(std::size_t index) const { return loaded_[index]; }

 private:
  std::size_t load(const git::File& file);

  const Folder* folder_;
  std::map<std::string, const git::File*> by_path_;
  std::deque<manifest::YamlText> loaded_;  // stable addresses: sites and edits point into them
  std::map<std::string, std::size_t> loaded_index_;
};

// The edits of one promotion, by file: in-place edits of YAML, or whole files copied.
class EditSet {
 public:
  void edit(const manifest::YamlText& file, manifest::TextEdit edit);
  void copy(const std::string& path, std::optional<std::string> before, std::string content);
  // The files as they end up, in path order, leaving out those that end up unchanged. Error when
  // a file is both copied and edited, or two edits overlap.
  std::vector<EditedFile> finish() const;

 private:
  struct Edits {
    const manifest::YamlText* file;
    std::vector<manifest::TextEdit> edits;
  };
  std::map<std::string, Edits> edits_;
  std::map<std::string, EditedFile> copies_;
};

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

// Repository paths of the target that a kustomize secretGenerator reads
// (diff/secret_generator.hpp): named by a kustomization of the source (as if it were the target's;
// null: none) or of the target, before the promotion or after its `edited` files.
std::vector<std::string> secret_generator_files(const Folder* source, const Folder& target,
                                                const std::vector<EditedFile>& edited);

void plan_images(FolderFiles& source, FolderFiles& target, const Selection& selection,
                 EditSet& edits, Promotion& promotion);
void plan_fields(FolderFiles& source, FolderFiles& target, const std::vector<FieldSpec>& fields,
                 EditSet& edits, Promotion& promotion);
void plan_files(const FolderFiles& source, const FolderFiles& target,
                const std::vector<std::string>& globs, EditSet& edits, Promotion& promotion);

}  // namespace gitops::promote
