// The files of the target a kustomize secretGenerator reads, which a promotion shows with no
// content: any kustomization of either folder may name them, before the promotion or after it.

#include "promote/generator_files.hpp"

#include <algorithm>

#include "diff/secret_generator.hpp"
#include "manifest/render.hpp"

namespace gitops::promote {
namespace {

// `path` of `from` as the same file of `to`: the source's kustomization read as if it were the
// target's, since what the promotion copies from it lands there.
std::string moved(const std::string& path, const Folder& from, const Folder& to) {
  const std::string relative = from.path.empty() ? path : path.substr(from.path.size() + 1);
  return to.path.empty() ? relative : to.path + "/" + relative;
}

void add_files_of(const std::string& kustomization, const std::string& text,
                  std::vector<std::string>& files) {
  if (!manifest::is_kustomization_file(kustomization)) {
    return;
  }
  for (std::string& file : diff::secret_generator_files(kustomization, text)) {
    if (std::find(files.begin(), files.end(), file) == files.end()) {
      files.push_back(std::move(file));
    }
  }
}

}  // namespace

std::vector<std::string> secret_generator_files(const Folder* source, const Folder& target,
                                                const std::vector<EditedFile>& edited) {
  std::vector<std::string> files;
  if (source) {
    for (const git::File& file : source->files) {
      add_files_of(moved(file.path, *source, target), file.content, files);
    }
  }
  for (const git::File& file : target.files) {
    add_files_of(file.path, file.content, files);
  }
  for (const EditedFile& file : edited) {
    add_files_of(file.path, file.after, files);
  }
  return files;
}

}  // namespace gitops::promote
