#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kube/helm.hpp"
#include "source/jsonnet.hpp"

namespace gitops::source {

// How charts and Jsonnet render: what the plugins' --helm, --values, --set, --ext-str, --ext-code,
// --tla-str and --tla-code say, and the app a chart is released as.
struct RenderOptions {
  kube::HelmOptions helm;
  std::vector<std::string> values_files;  // repository paths, given to every chart after its own
  std::vector<std::string> set;           // KEY=VALUE, as helm's --set takes them
  JsonnetVars jsonnet;
  std::string release;     // the app's name; empty: the chart folder's name
  std::string namespace_;  // -n; empty: default_namespace(), asked only when a chart renders
  std::function<std::string()> default_namespace;
  // Told the folders a render of the whole repository skips (nothing in them renders).
  std::function<void(const std::string&)> note;
};

}  // namespace gitops::source
