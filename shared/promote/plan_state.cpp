#include <yaml-cpp/yaml.h>

#include "promote/plan_state.hpp"

#include "error.hpp"

namespace gitops::promote {

FolderFiles::FolderFiles(const Folder& folder) : folder_(&folder) {
  for (const git::File& file : folder.files) {
    by_path_.emplace(file.path, &file);
  }
}

std::string FolderFiles::path_of(const std::string& relative) const {
  return folder_->path.empty() ? relative : folder_->path + "/" + relative;
}

const git::File* FolderFiles::find(const std::string& path) const {
  auto found = by_path_.find(path);
  return found == by_path_.end() ? nullptr : found->second;
}

std::size_t FolderFiles::load(const git::File& file) {
  auto [it, inserted] = loaded_index_.emplace(file.path, loaded_.size());
  if (inserted) {
    loaded_.push_back(manifest::load_yaml_text(file.content, file.path));
  }
  return it->second;
}

const manifest::YamlText& FolderFiles::yaml(const std::string& path) {
  const git::File* file = find(path);
  if (file == nullptr) {
    throw Error(quoted(path) + " does not exist at " + folder_->where, ErrorKind::not_found);
  }
  return loaded_[load(*file)];
}

std::vector<ImageSite> FolderFiles::image_sites() {
  std::vector<ImageSite> sites;
  for (const git::File& file : folder_->files) {
    if (is_manifest_file(file.path)) {
      const std::size_t index = load(file);
      auto found = find_image_sites(loaded_[index], index);
      sites.insert(sites.end(), found.begin(), found.end());
    }
  }
  return sites;
}

void EditSet::edit(const manifest::YamlText& file, manifest::TextEdit edit) {
  auto [it, inserted] = edits_.try_emplace(file.path, Edits{&file, {}});
  it->second.edits.push_back(std::move(edit));
}

void EditSet::copy(const std::string& path, std::optional<std::string> before,
                   std::string content) {
  copies_[path] = EditedFile{path, std::move(before), std::move(content)};
}

std::vector<EditedFile> EditSet::finish() const {
  std::map<std::string, EditedFile> files = copies_;
  for (const auto& [path, pending] : edits_) {
    if (copies_.count(path)) {
      throw Error(quoted(path) + " would be both copied whole and edited; promote it one way");
    }
    std::string after = manifest::apply_edits(pending.file->text, pending.edits, path);
    files[path] = EditedFile{path, pending.file->text, std::move(after)};
  }
  std::vector<EditedFile> result;
  for (auto& [path, file] : files) {
    if (!file.before || *file.before != file.after) {
      result.push_back(std::move(file));
    }
  }
  return result;
}

}  // namespace gitops::promote
