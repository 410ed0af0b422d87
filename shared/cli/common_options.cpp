#include "cli/common_options.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace gitops::cli {

kube::KubectlOptions CommonOptions::kubectl_options(const std::string& program) const {
  kube::KubectlOptions options;
  options.flags = kube;
  options.timeout = kube::call_bound(kube.request_timeout);
  if (!kubectl.empty()) {
    options.binary = kubectl;
  } else if (const char* from_env = std::getenv("KUBECTL"); from_env && *from_env) {
    options.binary = from_env;
  }
  if (verbosity > 0) {
    options.log = [program](const std::string& line) {
      std::cerr << program << ": " << line << "\n";
    };
  }
  return options;
}

bool CommonOptions::use_color() const {
  if (color == "always")
    return true;
  if (color == "never")
    return false;
  if (const char* no_color = std::getenv("NO_COLOR"); no_color && *no_color)
    return false;
  return isatty(STDOUT_FILENO) == 1;
}

}  // namespace gitops::cli
