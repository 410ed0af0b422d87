// Promoting whole files: files of the source that a glob matches are copied to the target.

#include "promote/plan_files.hpp"

#include <fnmatch.h>

#include <algorithm>

#include "error.hpp"

namespace gitops::promote {
namespace {

std::string relative_to(const std::string& folder, const std::string& path) {
  return folder.empty() ? path : path.substr(folder.size() + 1);
}

}  // namespace

void plan_files(const FolderFiles& source, const FolderFiles& target,
                const std::vector<std::string>& globs, EditSet& edits, Promotion& promotion) {
  std::vector<std::string> copied;
  for (const std::string& glob : globs) {
    bool matched = false;
    for (const git::File& file : source.folder().files) {
      const std::string relative = relative_to(source.folder().path, file.path);
      // '/' is literal, as in a .gitignore: "*.yaml" matches files of the folder itself.
      if (fnmatch(glob.c_str(), relative.c_str(), FNM_PATHNAME) != 0) {
        continue;
      }
      matched = true;
      if (std::find(copied.begin(), copied.end(), relative) != copied.end()) {
        continue;
      }
      copied.push_back(relative);
      const std::string path = target.path_of(relative);
      const git::File* existing = target.find(path);
      if (existing && existing->content == file.content) {
        promotion.up_to_date.push_back(relative);
        continue;
      }
      edits.copy(path, existing ? std::optional(existing->content) : std::nullopt, file.content);
      Change change;
      change.kind = ChangeKind::file;
      change.subject = relative;
      change.name = relative;
      change.before = existing ? std::vector<std::string>{relative} : std::vector<std::string>{};
      change.after = relative;
      change.files = {path};
      promotion.changes.push_back(std::move(change));
    }
    if (!matched) {
      throw Error(quoted(glob) + " matches no file in " + quoted(source.folder().path) + " at " +
                  source.folder().where);
    }
  }
}

}  // namespace gitops::promote
