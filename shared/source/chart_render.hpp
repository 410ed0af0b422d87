#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kube/helm.hpp"
#include "manifest/object.hpp"
#include "source/render_options.hpp"

namespace gitops::source {

// One chart to render, in a folder of the filesystem holding the repository (an export of a
// revision, or the working tree).
struct ChartInput {
  std::filesystem::path root;
  std::string chart;                   // repository-relative folder
  std::string namespace_;              // the release's
  std::optional<std::string> tree_id;  // at a commit: the cache's key; nullopt: never cached
};

// `helm template` of the chart with the options' release, values and --set, as objects from the
// templates that made them. A render of a committed chart is cached by its tree id, the helm
// version, the release, the namespace, the values files' content and --set: an unchanged chart is
// not rendered again. Paths in helm's messages are repository-relative.
std::vector<manifest::Object> render_chart(const kube::Helm& helm, const RenderOptions& options,
                                           const ChartInput& input);

}  // namespace gitops::source
