#include "agent/watch.hpp"

#include <atomic>
#include <csignal>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "agent/schedule.hpp"
#include "error.hpp"
#include "kube/api_proxy.hpp"

namespace gitops::agent {

namespace {

std::atomic<bool> stop_requested{false};

extern "C" void on_stop_signal(int) {
  stop_requested.store(true);
}

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

// Sleeps `delay`, waking early when a stop is asked.
void sleep_unless_stopped(std::chrono::milliseconds delay) {
  const auto until = std::chrono::steady_clock::now() + delay;
  while (!stop_requested.load() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

void run_app(const AppSpec& spec, const WatchOptions& options, std::mutex& reporting) {
  auto kubectl_options = options.kubectl;
  if (!spec.context.empty())
    kubectl_options.flags.context = spec.context;
  std::mt19937 random(std::random_device{}());
  std::uniform_real_distribution<double> fraction(0.0, 1.0);
  AppState state;
  Event last;
  bool reported = false;
  const kube::Kubectl kubectl(kubectl_options);
  // One proxy for the app's rounds, started again after a round that failed (it may have died
  // with the connection).
  std::optional<kube::ApiProxy> api;
  while (!stop_requested.load()) {
    Event event;
    try {
      if (!api)
        api.emplace(kubectl, kube::Access::read_write);
      event = run_round(spec, state, kubectl, *api);
    } catch (const Error& error) {
      event = {spec.name, Reason::round_failed, error.what(), ""};
      api.reset();
    }
    const bool failed = is_error(event.reason);
    state.failures = failed ? state.failures + 1 : 0;
    const bool changed_nothing =
        event.reason == Reason::in_sync || event.reason == Reason::skipped ||
        event.reason == Reason::drift_detected || event.reason == Reason::round_failed;
    const bool same =
        reported && changed_nothing && event.reason == last.reason && event.message == last.message;
    if (!same && options.report) {
      std::lock_guard lock(reporting);
      options.report(event);
    }
    last = event;
    reported = true;
    sleep_unless_stopped(next_round_in(spec.interval, state.failures, fraction(random)));
  }
}

}  // namespace

void request_stop() {
  stop_requested.store(true);
}

void watch(const WatchOptions& options) {
  stop_requested.store(false);
  install_stop_handlers();
  std::mutex reporting;
  std::vector<std::thread> threads;
  for (const auto& spec : options.apps)
    threads.emplace_back([&, spec] { run_app(spec, options, reporting); });
  for (auto& thread : threads)
    thread.join();
}

}  // namespace gitops::agent
