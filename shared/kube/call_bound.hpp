#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace gitops::kube {

// How long one kubectl call may run before it is killed, when --request-timeout does not say.
inline constexpr std::chrono::seconds kDefaultCallBound{60};
// What a call gets beyond --request-timeout: kubectl's own timeout fires first and says why.
inline constexpr std::chrono::seconds kCallBoundMargin{5};

// The bound of every kubectl call: --request-timeout (kubectl's spelling: "30s", "1m30s", "500ms",
// or whole seconds) plus kCallBoundMargin, rounded up to whole seconds; kDefaultCallBound when it
// is not given, is zero (kubectl's "no timeout") or is not a duration (kubectl then says why).
std::chrono::seconds call_bound(const std::optional<std::string>& request_timeout);

}  // namespace gitops::kube
