#include "agent/watch.hpp"

#include <atomic>
#include <csignal>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "agent/fleet.hpp"
#include "agent/http_server.hpp"
#include "agent/leader.hpp"
#include "agent/schedule.hpp"
#include "agent/webhook.hpp"
#include "error.hpp"
#include "kube/api_proxy.hpp"
#include "kube/api_requests.hpp"
#include "kube/whoami.hpp"
#include "sync/app_record.hpp"
#include "sync/record_store.hpp"

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

// Sleeps `delay`, waking early when a stop is asked or a webhook asks for the app.
void sleep_unless_stopped(std::chrono::milliseconds delay, Fleet& fleet, const std::string& app) {
  const auto until = std::chrono::steady_clock::now() + delay;
  while (!stop_requested.load() && std::chrono::steady_clock::now() < until &&
         !fleet.take_poke(app))
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

HttpReply serve(const HttpCall& call, Fleet& fleet, const WatchOptions& options) {
  const auto path = call.target.substr(0, call.target.find('?'));
  if (call.method == "GET" && path == "/healthz")
    return {200, "text/plain; charset=utf-8", "ok\n"};
  if (call.method == "GET" && path == "/readyz") {
    return fleet.ready() ? HttpReply{200, "text/plain; charset=utf-8", "ok\n"}
                         : HttpReply{503, "text/plain; charset=utf-8",
                                     "waiting for the first round of every app\n"};
  }
  if (call.method == "GET" && path == "/metrics")
    return {200, "text/plain; version=0.0.4; charset=utf-8", fleet.metrics()};
  if (call.method == "GET" && path == "/apps")
    return {200, "application/json", fleet.apps_json()};
  if (call.method == "POST" && path == "/hook") {
    // A follower runs no rounds: 503 says so, and the sender (or the interval) tries again.
    if (!fleet.leading())
      return {503, "text/plain; charset=utf-8", "this replica follows; the leader syncs\n"};
    if (options.webhook_secret.empty())
      return {403, "text/plain; charset=utf-8", "webhooks need --webhook-secret-file\n"};
    if (!signed_with(options.webhook_secret, call.headers, call.body))
      return {401, "text/plain; charset=utf-8", "the signature does not match the secret\n"};
    const auto branch = pushed_branch(call.body);
    if (!branch)
      return {202, "application/json", "{\"reconciling\":[]}\n"};
    const nlohmann::json reply = {{"reconciling", fleet.poke(*branch)}};
    return {202, "application/json", reply.dump() + "\n"};
  }
  return {404, "text/plain; charset=utf-8", "not found: " + call.method + " " + path + "\n"};
}

// The event as a Kubernetes Event on the app's record (ConfigMap gitsync-<app>), so that
// `kubectl events` shows it; best effort: a refused write costs the event, not the round.
void record_event(kube::ApiClient& api, const AppSpec& spec, const Event& event) {
  const auto record_namespace =
      spec.record_namespace.empty() ? sync::kDefaultRecordNamespace : spec.record_namespace;
  const auto now = kube::rfc3339_now();
  const manifest::Value body = {
      {"apiVersion", "v1"},
      {"kind", "Event"},
      {"metadata", {{"generateName", sync::record_object_name(spec.name) + "."}}},
      {"involvedObject",
       {{"apiVersion", "v1"},
        {"kind", "ConfigMap"},
        {"namespace", record_namespace},
        {"name", sync::record_object_name(spec.name)}}},
      {"reason", to_string(event.reason)},
      {"message", event.message.substr(0, 1024)},
      {"type", is_error(event.reason) ? "Warning" : "Normal"},
      {"source", {{"component", "kubectl-gitsync"}}},
      {"firstTimestamp", now},
      {"lastTimestamp", now},
      {"count", 1}};
  try {
    api.send(kube::create_request(kube::collection_path("v1", "events", record_namespace), body));
  } catch (const Error&) {
  }
}

void run_app(const AppSpec& spec, const WatchOptions& options, std::mutex& reporting, Fleet& fleet,
             Notifier* notifier) {
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
    if (!fleet.leading()) {  // a follower waits to take over
      sleep_unless_stopped(std::chrono::seconds(1), fleet, spec.name);
      continue;
    }
    const auto started = std::chrono::steady_clock::now();
    Event event;
    try {
      if (!api)
        api.emplace(kubectl, kube::Access::read_write);
      event = run_round(spec, state, kubectl, *api);
    } catch (const Error& error) {
      event = {spec.name, Reason::round_failed, error.what(), ""};
      api.reset();
    }
    fleet.record(event, std::chrono::steady_clock::now() - started);
    const bool failed = is_error(event.reason);
    state.failures = failed ? state.failures + 1 : 0;
    const bool changed_nothing =
        event.reason == Reason::in_sync || event.reason == Reason::skipped ||
        event.reason == Reason::drift_detected || event.reason == Reason::round_failed ||
        event.reason == Reason::verification_failed;
    const bool same =
        reported && changed_nothing && event.reason == last.reason && event.message == last.message;
    if (!same && options.report) {
      std::lock_guard lock(reporting);
      options.report(event);
    }
    if (!same && notifies(event.reason)) {
      if (notifier)
        notifier->send(event, spec.branch);
      if (api)
        record_event(*api, spec, event);
    }
    last = event;
    reported = true;
    sleep_unless_stopped(next_round_in(spec.interval, state.failures, fraction(random)), fleet,
                         spec.name);
  }
}

// Holds or waits for the leader Lease until the rounds are `over` (a stop lets the current rounds
// finish, still leading), then gives it up; tells `fleet` (which the apps' threads ask before each
// round) and options.leadership each change.
void elect(const WatchOptions& options, Fleet& fleet, const std::atomic<bool>& over) {
  const kube::Kubectl kubectl(options.kubectl);
  std::optional<kube::ApiProxy> api;
  std::optional<LeaderLease> lease;
  bool was_leading = false;
  while (!over.load()) {
    bool leading = false;
    try {
      if (!api) {
        api.emplace(kubectl, kube::Access::read_write);
        sync::ensure_record_namespace(*api, options.leader_namespace);
        lease.emplace(*api, options.leader_namespace, options.leader_lease, leader_identity());
      }
      leading = lease->try_lead();
    } catch (const Error&) {
      lease.reset();
      api.reset();  // started again on the next attempt (the proxy may have died)
    }
    fleet.set_leading(leading);
    if (leading != was_leading && options.leadership)
      options.leadership(leading, leader_identity());
    was_leading = leading;
    const auto until = std::chrono::steady_clock::now() + LeaderLease::kRetry;
    while (!over.load() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (lease)
    lease->release();
}

}  // namespace

void request_stop() {
  stop_requested.store(true);
}

void watch(const WatchOptions& options) {
  stop_requested.store(false);
  install_stop_handlers();
  std::mutex reporting;
  Fleet fleet(options.apps);
  std::atomic<bool> rounds_over{false};
  std::thread election;
  if (!options.leader_lease.empty()) {
    fleet.set_leading(false);
    election = std::thread([&] { elect(options, fleet, rounds_over); });
  }
  std::optional<HttpServer> server;
  if (!options.listen.empty()) {
    server.emplace(options.listen,
                   [&](const HttpCall& call) { return serve(call, fleet, options); });
    if (options.listening)
      options.listening(server->port());
  }
  std::optional<Notifier> notifier;
  if (!options.notify.urls.empty())
    notifier.emplace(options.notify);
  std::vector<std::thread> threads;
  for (const auto& spec : options.apps) {
    threads.emplace_back(
        [&, spec] { run_app(spec, options, reporting, fleet, notifier ? &*notifier : nullptr); });
  }
  for (auto& thread : threads)
    thread.join();
  rounds_over.store(true);
  if (election.joinable())
    election.join();  // the Lease is given back once the rounds are over
}

}  // namespace gitops::agent
