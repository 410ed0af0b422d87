#pragma once

#include <cstddef>
#include <functional>

namespace gitops::util {

// Runs work(i) for every i below `count` on up to `workers` threads (the calling one included),
// each taking the next i as it finishes. After a call throws no new i is started, and the first
// exception is rethrown once every thread is done.
void parallel_for(std::size_t count, std::size_t workers,
                  const std::function<void(std::size_t)>& work);

// The workers for CPU-bound work: one per core.
std::size_t cores();

}  // namespace gitops::util
