#pragma once

// When an app's next round starts, counted from the start of its last one, so that every app is
// looked at at least once an interval: the interval less up to a tenth of it at random (so that
// many apps do not move in step), less what the round took; a round that took longer is followed
// at once. After failed rounds, twice as long each time, up to the larger of ten minutes and the
// interval. A success or a new revision starts again from the interval.

#include <chrono>

namespace gitops::agent {

inline constexpr std::chrono::milliseconds kBackoffCap{std::chrono::minutes(10)};

// `failures`: failed rounds in a row; `random` in [0, 1); `took`: how long the last round ran.
std::chrono::milliseconds next_round_in(
    std::chrono::milliseconds interval, int failures, double random,
    std::chrono::milliseconds took = std::chrono::milliseconds(0));

}  // namespace gitops::agent
