#pragma once

#include <string>

#include "kube/kubectl.hpp"

namespace gitops::cli {

enum class ColorMode { automatic, always, never };

// Flags every plugin shares.
struct CommonOptions {
  kube::GlobalFlags kube;
  std::string kubectl;  // --kubectl; else $KUBECTL; else "kubectl"
  std::string output;   // -o; the plugin's first format by default
  std::string color = "auto";
  int verbosity = 0;

  // How kubectl is run: binary, forwarded flags, and a log line per call with -v.
  kube::KubectlOptions kubectl_options(const std::string& program) const;

  // Whether to colour what goes to stdout: --color, then NO_COLOR, then whether it is a terminal.
  bool use_color() const;
};

}  // namespace gitops::cli
