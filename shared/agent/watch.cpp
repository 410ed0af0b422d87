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
#include "agent/schedule.hpp"
#include "agent/webhook.hpp"
#include "error.hpp"
#include "kube/api_proxy.hpp"
#include "kube/api_requests.hpp"
#include "kube/whoami.hpp"
#include "sync/app_record.hpp"

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

}  // namespace

void request_stop() {
  stop_requested.store(true);
}

void watch(const WatchOptions& options) {
  stop_requested.store(false);
  install_stop_handlers();
  std::mutex reporting;
  Fleet fleet(options.apps);
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
}

}  // namespace gitops::agent
