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

}  // namespace gitops::promote
