#include "agent/schedule.hpp"

#include <algorithm>

namespace gitops::agent {

std::chrono::milliseconds next_round_in(std::chrono::milliseconds interval, int failures,
                                        double random) {
  auto delay = interval;
  const auto cap = std::max(interval, kBackoffCap);
  for (int i = 1; i < failures && delay < cap; ++i)
    delay *= 2;
  delay = std::min(delay, cap);
  const auto jitter = std::chrono::milliseconds(static_cast<long long>(
      static_cast<double>(delay.count()) * 0.1 * std::clamp(random, 0.0, 1.0)));
  return delay - jitter;
}

}  // namespace gitops::agent
