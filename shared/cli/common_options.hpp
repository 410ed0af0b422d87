#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/flag_table.hpp"
#include "kube/kubectl.hpp"

namespace gitops::cli {

// Flags every plugin shares.
struct CommonOptions {
  kube::GlobalFlags kube;
  std::string kubectl;  // --kubectl; else $KUBECTL; else "kubectl"
  std::string output;   // -o; the plugin's first format by default
  std::string color = "auto";
  int verbosity = 0;

  // --output (the plugin's formats, the first by default), --color, -v and --kubectl.
  void add_flags(FlagTable& table, const std::vector<std::string>& formats);

  // Refuses an --output the plugin does not write or an unknown --color.
  void validate(const std::vector<std::string>& formats) const;

  // How kubectl is run: binary, forwarded flags, and with -v a log line per call on `log`.
  kube::KubectlOptions kubectl_options(const std::string& program, std::ostream& log) const;

  // Whether to colour what goes to stdout: --color, then NO_COLOR, then whether it is a terminal.
  bool use_color(bool out_is_terminal) const;
};

}  // namespace gitops::cli
