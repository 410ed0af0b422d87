#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kube/call_bound.hpp"

namespace gitops::kube {

// The oldest helm whose `helm template` renders charts as gitops expects.
inline constexpr int kHelmMinimumMinor = 14;

struct HelmOptions {
  std::string binary;  // --helm, else $HELM, else "helm" from PATH
  std::chrono::seconds timeout = kDefaultCallBound;
  std::function<void(const std::string&)> log;  // every call's command line (-v); empty: silent
};

// One `helm template` of a chart folder on the filesystem.
struct ChartTemplate {
  std::string release;
  std::string chart_folder;  // on the filesystem
  std::string namespace_;
  std::vector<std::string> values_files;  // on the filesystem, in order
  std::vector<std::string> set;           // KEY=VALUE, as helm's --set takes them
  std::string display_name;               // the chart as the user knows it: "charts/web"
};

// Runs helm, the one tool besides kubectl the plugins start, through kubectl's process machinery.
// Nothing it runs reaches the network: only `helm version` and `helm template` of a local chart.
class Helm {
 public:
  explicit Helm(HelmOptions options);

  // "v3.22.0". The first call checks that helm runs and is 3.14 or newer, and throws one clear
  // line when not; later calls answer from memory.
  std::string version() const;
  // The binary as run (after version() checked it): what kustomize's --helm-command is given.
  std::string binary() const;
  // `helm template` with CRDs included (as Argo CD renders); throws Error naming the chart and
  // helm's reason.
  std::string template_chart(const ChartTemplate& chart) const;

 private:
  struct Checked;
  HelmOptions options_;
  std::shared_ptr<Checked> checked_;
};

// "v3.14.2" -> whether it is 3.14 or newer (helm 4 included); false for what is not a version.
bool helm_version_supported(const std::string& version);

}  // namespace gitops::kube
