// gitsync --watch: the agent, from the flags or an apps file (shared/agent does the work).

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "agent/fleet_status.hpp"
#include "agent/watch.hpp"
#include "error.hpp"
#include "git/repository.hpp"
#include "gitsync.hpp"
#include "kube/whoami.hpp"
#include "render_options.hpp"
#include "sync/app_name.hpp"
#include "util/secret_text.hpp"

namespace gitops::gitsync {

namespace {

// What every app of the run takes from the flags, unless its entry says otherwise.
agent::AppSpec defaults_of(const Options& options, std::ostream& err) {
  agent::AppSpec spec;
  spec.render = plugins::render_options(options.render, options.common, "kubectl-gitsync", err, "");
  spec.revision = options.revision;
  spec.branch = options.branch;
  spec.record_namespace = options.record_namespace;
  spec.prune = options.prune;
  spec.wait = options.wait;
  spec.self_heal = options.self_heal;
  spec.rollback_on_failure = options.rollback_on_failure;
  spec.policy = options.policy;
  spec.interval = options.interval;
  spec.timeout = options.timeout;
  if (options.trust.verifies()) {
    spec.verify = trust::verify_mode(options.trust.verify_signatures);
    spec.trust_roots = {options.trust.allowed_signers, options.trust.trusted_keys};
  }
  return spec;
}

// The one app the usual arguments describe.
agent::AppSpec app_of(const Options& options, std::ostream& err) {
  auto spec = defaults_of(options, err);
  const auto cwd = std::filesystem::current_path();
  const auto repository =
      git::Repository::discover(options.repo.empty() ? cwd : std::filesystem::path(options.repo));
  spec.repository = repository.workdir().string();
  for (const auto& path : options.paths)
    spec.paths.push_back(repository.relative_path(path, cwd));
  spec.name =
      options.app.empty() ? sync::derive_app_name(spec.repository, spec.paths) : options.app;
  sync::validate_app_name(spec.name);
  return spec;
}

}  // namespace

int GitSync::watch(const cli::Streams& streams) {
  const auto& options = options_;
  agent::WatchOptions watch;
  watch.apps = options.apps_file.empty()
                   ? std::vector<agent::AppSpec>{app_of(options, streams.err)}
                   : agent::read_apps_file(options.apps_file, defaults_of(options, streams.err));
  watch.kubectl = options.common.kubectl_options("kubectl-gitsync", streams.err);
  const bool json = options.common.output == "json";
  watch.report = [&streams, json](const agent::Event& event) {
    const auto time = kube::rfc3339_now();
    if (json) {
      nlohmann::ordered_json line = {{"time", time},
                                     {"app", event.app},
                                     {"reason", agent::to_string(event.reason)},
                                     {"severity", agent::is_error(event.reason) ? "error" : "info"},
                                     {"message", event.message},
                                     {"revision", event.revision}};
      streams.out << line.dump() << std::endl;
    } else {
      streams.out << time << " " << event.app << " " << agent::to_string(event.reason) << ": "
                  << event.message << std::endl;
    }
  };
  watch.listen = options.listen;
  watch.notify.urls = options.notify;
  watch.notify.format = agent::notify_format(options.notify_format);
  watch.notify.record_namespace = options.record_namespace;
  if (!options.notify_hmac_key_file.empty())
    watch.notify.hmac_key = util::read_secret_file(options.notify_hmac_key_file);
  if (!options.webhook_secret_file.empty())
    watch.webhook_secret = util::read_secret_file(options.webhook_secret_file);
  watch.listening = [&streams, &options](int port) {
    streams.err << "kubectl-gitsync: serving /healthz, /readyz, /metrics, /apps and POST /hook on "
                << options.listen << " (port " << port << ")" << std::endl;
  };
  if (options.leader_elect) {
    watch.leader_lease = "gitsync-agent";
    watch.leader_namespace = options.record_namespace;
    watch.leadership = [&streams, &options](bool leading, const std::string& identity) {
      streams.err << "kubectl-gitsync: " << identity
                  << (leading ? " leads (Lease " : " no longer leads; waiting to take over (Lease ")
                  << options.record_namespace << "/gitsync-agent)" << std::endl;
    };
  }
  if (!json) {
    streams.err << "kubectl-gitsync: watching " << watch.apps.size() << " app"
                << (watch.apps.size() == 1 ? "" : "s") << " (SIGTERM or Ctrl-C stops)\n";
  }
  agent::watch(watch);
  return 0;
}

int GitSync::fleet_status(const cli::Streams& streams) {
  const auto& options = options_;
  const auto kubectl = options.common.kubectl_options("kubectl-gitsync", streams.err);
  std::vector<agent::AppSpec> apps;
  if (!options.apps_file.empty()) {
    apps = agent::read_apps_file(options.apps_file, defaults_of(options, streams.err));
  } else {
    const auto repository =
        git::Repository::find(options.repo.empty() ? std::filesystem::current_path()
                                                   : std::filesystem::path(options.repo));
    apps = agent::recorded_apps(kubectl, options.record_namespace,
                                repository ? repository->location().string() : "");
    const auto defaults = defaults_of(options, streams.err);
    for (auto& app : apps)
      app.render = defaults.render;
  }
  const auto rows = agent::fleet_status(apps, kubectl);
  streams.out << (options.common.output == "json" ? agent::present_fleet_json(rows)
                                                  : agent::present_fleet_text(rows));
  const bool unreadable =
      std::any_of(rows.begin(), rows.end(), [](const agent::FleetRow& row) { return !row.status; });
  return unreadable ? 2 : 0;
}

}  // namespace gitops::gitsync
