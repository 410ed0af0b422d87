#include "kube/call_bound.hpp"

#include "util/duration.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace gitops::kube {

std::chrono::seconds call_bound(const std::optional<std::string>& request_timeout) {
  if (!request_timeout)
    return kDefaultCallBound;
  const auto seconds = util::duration_seconds(*request_timeout);
  if (!seconds || *seconds <= 0)
    return kDefaultCallBound;
  const double whole = std::ceil(std::min(*seconds, 1e9));  // a bound of 30 years is no bound
  return std::chrono::seconds(static_cast<long long>(whole)) + kCallBoundMargin;
}

}  // namespace gitops::kube
