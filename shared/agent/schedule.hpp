#pragma once

// When an app's next round starts, counted from the end of its last one (as Flux counts, so a
// long round is never followed at once): the interval less up to a tenth of it at random, so
// that many apps do not move in step and a drift waits at most the interval for its round. After
// failed rounds, twice as long each time, up to the larger of ten minutes and the interval. A
// success or a new revision starts again from the interval.

#include <chrono>

namespace gitops::agent {

inline constexpr std::chrono::milliseconds kBackoffCap{std::chrono::minutes(10)};

// `failures`: failed rounds in a row; `random` in [0, 1).
std::chrono::milliseconds next_round_in(std::chrono::milliseconds interval, int failures,
                                        double random);

}  // namespace gitops::agent
