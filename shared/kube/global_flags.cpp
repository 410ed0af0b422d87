#include "kube/global_flags.hpp"

namespace gitops::kube {

namespace {

void append_flag(std::vector<std::string>& args, const char* flag,
                 const std::optional<std::string>& value) {
  if (value) {
    args.push_back(std::string(flag) + "=" + *value);
  }
}

}  // namespace

std::vector<std::string> GlobalFlags::to_args() const {
  std::vector<std::string> args;
  append_flag(args, "--kubeconfig", kubeconfig);
  append_flag(args, "--context", context);
  append_flag(args, "--cluster", cluster);
  append_flag(args, "--user", user);
  append_flag(args, "--namespace", namespace_);
  append_flag(args, "--as", as);
  for (const auto& group : as_groups) {
    args.push_back("--as-group=" + group);
  }
  append_flag(args, "--request-timeout", request_timeout);
  return args;
}

}  // namespace gitops::kube
