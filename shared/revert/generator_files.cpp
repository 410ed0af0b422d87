#include "revert/generator_files.hpp"

#include <algorithm>
#include <set>

#include "diff/secret_generator.hpp"

namespace gitops::revert {
namespace {

void add_files_of(const std::string& kustomization, const std::string& text,
                  std::vector<std::string>& files) {
  for (std::string& file : diff::secret_generator_files(kustomization, text)) {
    if (std::find(files.begin(), files.end(), file) == files.end()) {
      files.push_back(std::move(file));
    }
  }
}

}  // namespace

std::vector<std::string> secret_generator_files(const git::Repository& repository,
                                                const git::Commit& base,
                                                const std::vector<diff::FileEdit>& edits) {
  std::set<std::string> candidates;
  for (const diff::FileEdit& edit : edits) {
    for (std::string& kustomization : diff::kustomizations_above(edit.path)) {
      candidates.insert(std::move(kustomization));
    }
  }
  std::vector<std::string> at_base;
  for (const std::string& kustomization : candidates) {
    if (repository.exists(base, kustomization)) {
      at_base.push_back(kustomization);
    }
  }
  std::vector<std::string> files;
  if (!at_base.empty()) {
    for (const git::File& file : repository.read_files(base, at_base)) {
      add_files_of(file.path, file.content, files);
    }
  }
  for (const diff::FileEdit& edit : edits) {
    if (edit.after && candidates.contains(edit.path)) {
      add_files_of(edit.path, *edit.after, files);
    }
  }
  return files;
}

}  // namespace gitops::revert
