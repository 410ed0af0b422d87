#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gitops::source {

// A remote base (or resource) that `kubectl kustomize` could not fetch, and kustomize's reason:
// a refused connection, an unknown host, git's "unable to access".
struct UnfetchedBase {
  std::string url;
  std::string reason;
};

// Reads kustomize's own error (on kubectl's stderr) for a remote base it could not fetch; nullopt
// when the failure is something else.
std::optional<UnfetchedBase> unfetched_remote_base(std::string_view kustomize_error);

}  // namespace gitops::source
