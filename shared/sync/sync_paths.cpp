#include "sync/sync_paths.hpp"

#include <algorithm>

#include "error.hpp"

namespace gitops::sync {

namespace {

constexpr std::string_view kKustomizeSuffix = " (kustomize)";

// "'envs/prod', 'envs/base'", or "the whole repository" for no paths.
std::string describe_paths(std::vector<std::string> paths) {
  if (paths.empty())
    return "the whole repository";
  std::string described;
  for (const auto& path : paths)
    described += (described.empty() ? "" : ", ") + quoted(path);
  return described;
}

bool is_under(const std::string& path, const std::string& folder) {
  return folder.empty() || path == folder || path.starts_with(folder + "/");
}

// Whether the object came from `path`: a file under it, or a kustomization rendered from it (the
// whole of a kustomization is rendered when any file of it is named).
bool renders_from(const manifest::Object& object, const std::string& path) {
  std::string file = object.source.file;
  if (file.ends_with(kKustomizeSuffix)) {
    file.resize(file.size() - kKustomizeSuffix.size());
    if (file == ".")
      file.clear();
    return is_under(file, path) || is_under(path, file);
  }
  return is_under(file, path);
}

}  // namespace

void require_recorded_paths(const AppRecord& record, const std::vector<std::string>& paths,
                            bool change_paths) {
  auto recorded = record.paths;
  auto asked = paths;
  std::sort(recorded.begin(), recorded.end());
  std::sort(asked.begin(), asked.end());
  if (change_paths || recorded == asked || record.history.empty())
    return;
  throw Error("app " + quoted(record.name) + " is synced from " + describe_paths(recorded) +
              ", not " + describe_paths(asked) +
              "; name its paths, or add --change-paths to sync it from these from now on");
}

void require_rendered_paths(const std::vector<manifest::Object>& desired,
                            const std::vector<std::string>& paths, const std::string& revision) {
  for (const auto& path : paths) {
    const bool rendered = std::any_of(desired.begin(), desired.end(), [&](const auto& object) {
      return renders_from(object, path);
    });
    if (!rendered) {
      throw Error(quoted(path.empty() ? "." : path) + " holds no manifests at " + revision +
                  ": nothing to sync");
    }
  }
}

void refuse_empty_prune(const std::vector<manifest::Object>& desired, const PrunePlan& prune,
                        const std::string& app, const std::string& revision) {
  if (!desired.empty() || prune.to_delete.empty())
    return;
  const auto count = prune.to_delete.size();
  throw Error(revision + " renders no objects for app " + quoted(app) + ": refusing to prune its " +
              std::to_string(count) + (count == 1 ? " object" : " objects") +
              " (an empty render never prunes; delete them with kubectl if the app is gone on "
              "purpose)");
}

}  // namespace gitops::sync
