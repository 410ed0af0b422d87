#include "util/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace gitops::util {

void parallel_for(std::size_t count, std::size_t workers,
                  const std::function<void(std::size_t)>& work) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_failure;
  std::mutex failure_mutex;
  auto run = [&] {
    for (std::size_t i = next++; i < count && !failed; i = next++) {
      try {
        work(i);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!first_failure)
          first_failure = std::current_exception();
        failed = true;
      }
    }
  };
  {
    std::vector<std::jthread> threads;
    const auto total = std::min(std::max<std::size_t>(workers, 1), std::max<std::size_t>(count, 1));
    for (std::size_t i = 1; i < total; ++i)
      threads.emplace_back(run);
    run();
  }
  if (first_failure)
    std::rethrow_exception(first_failure);
}

std::size_t cores() {
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace gitops::util
