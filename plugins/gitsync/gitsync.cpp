#include "gitsync.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "agent/notifier.hpp"
#include "cli/program.hpp"
#include "error.hpp"
#include "git/repository.hpp"
#include "kube/api_proxy.hpp"
#include "render_options.hpp"
#include "sync/app_name.hpp"
#include "sync/app_status.hpp"
#include "sync/break_lock.hpp"
#include "sync/present_sync.hpp"
#include "sync/rollback_on_failure.hpp"
#include "sync/suspend.hpp"
#include "sync/sync_app.hpp"
#include "trust_options.hpp"

namespace gitops::gitsync {

cli::CommandInfo GitSync::info() const {
  return {"gitsync",
          "[flags] [PATH...]",
          "Apply a committed revision to the cluster: ordered server-side apply of what differs,\n"
          "an in-cluster record of the app's objects and history, safe pruning, and a lock\n"
          "against concurrent syncs. The working tree is never read: only commits are synced.",
          {"# Preview, then sync envs/prod at HEAD, deleting what git no longer declares\n"
           "kubectl gitsync envs/prod --dry-run --prune\n"
           "kubectl gitsync envs/prod --prune",
           "# Sync a tag to another cluster under an explicit app name\n"
           "kubectl gitsync envs/prod --rev v1.4.0 --app shop-prod --context prod-eu",
           "# Which revision runs, who synced it, and whether the cluster drifted since\n"
           "kubectl gitsync --status --app shop-prod -o json",
           "# Every app of the apps file, across its contexts, in one table\n"
           "kubectl gitsync --status --apps apps.yaml",
           "# The agent: keep envs/prod equal to origin's main, healing drift, every 30 seconds\n"
           "kubectl gitsync envs/prod --app shop-prod --watch --branch main --self-heal --interval "
           "30s"},
          {"text", "json"},
          true};
}

void GitSync::add_flags(cli::FlagTable& table) {
  using enum cli::ValueKind;
  auto& o = options_;
  table.text("rev", o.revision, "the committed revision to sync").completes(revision);
  table.text("repo", o.repo, "the repository (default: the one containing the current directory)")
      .completes(folder);
  table.text("app", o.app, "the app's name (default: derived from the repository folder and PATHs)")
      .completes(app);
  table.text("record-namespace", o.record_namespace, "where app records and locks live");
  table.toggle("dry-run", o.dry_run, "print the plan; change nothing");
  table.toggle("prune", o.prune,
               "delete objects the last sync recorded that git no longer declares");
  table.toggle("status", o.status,
               "show the app's synced revision, history head, pin and drift; without --app, "
               "every app of the cluster (or of --apps) in one table");
  table.toggle("force-conflicts", o.force_conflicts, "take over fields another field manager owns");
  table.toggle("policy", o.policy,
               "first send what the sync would write through the cluster's admission as a dry "
               "run; when any policy denies an object, report it and write nothing");
  table.toggle("change-paths", o.change_paths,
               "sync the app from PATHs other than those its record names (they become its "
               "paths)");
  table.toggle("break-lock", o.break_lock,
               "remove the app's lock left by a sync that died, then exit");
  table.toggle("wait", o.wait,
               "wait until every object is healthy (README: health rules); unhealthy fails the "
               "sync");
  table.duration("timeout", o.timeout, "5m0s",
                 "how long --wait waits, and each wave of hooks runs");
  table.toggle("rollback-on-failure", o.rollback_on_failure,
               "when the sync fails or (with --wait) is unhealthy, sync the app back to its last "
               "healthy revision at once");
  table.texts("ignore", o.ignore,
              "KIND:FIELD.PATH to leave out of the comparison (repeatable; also .gitdiffignore)");
  table.toggle("suspend", o.suspend, "make the agent leave the app alone until --resume");
  table.toggle("resume", o.resume, "let the agent reconcile a suspended app again");
  o.render.add_flags(table);
  o.trust.add_flags(table);
  table.start_section("Agent flags (--watch)");
  table.toggle("watch", o.watch,
               "keep syncing: each interval, sync a new revision, else look for drift");
  table.text("apps", o.apps_file, "watch the apps this YAML file lists (README: the agent)")
      .completes(file);
  table.text("branch", o.branch, "fetch this branch from origin each round and sync its tip");
  table.toggle("self-heal", o.self_heal, "re-apply drifted objects (without it drift is reported)");
  table.duration("interval", o.interval, "1m0s",
                 "time between rounds, from the end of the last, less up to a tenth at random");
  table.text("listen", o.listen,
             "serve /healthz, /readyz, /metrics, /apps and POST /hook on HOST:PORT");
  table
      .text("webhook-secret-file", o.webhook_secret_file,
            "the secret GitHub or GitLab webhooks sign with (POST /hook)")
      .completes(file);
  table.texts("notify", o.notify, "POST events to this http:// or https:// URL (repeatable)");
  table.text("notify-format", o.notify_format, "generic (Flux's event), slack or cloudevents");
  table
      .text("notify-hmac-key-file", o.notify_hmac_key_file,
            "sign notifications with this key (X-Signature: sha256=...)")
      .completes(file);
  table.toggle("leader-elect", o.leader_elect,
               "run rounds only while holding the Lease gitsync-agent in --record-namespace "
               "(replicas take over from each other)");
}

void GitSync::complete(const cli::CommandLine& command_line) {
  options_.paths = command_line.positional();
  options_.app_given = command_line.given("app");
}

void GitSync::validate(const cli::CommandLine& command_line) const {
  options_.render.validate();
  options_.trust.validate();
  if (options_.status) {
    command_line.refuse_given({"break-lock", "dry-run", "prune", "force-conflicts", "rev", "ignore",
                               "change-paths", "wait", "timeout", "verify-signatures", "policy"},
                              "--status");
  }
  if (options_.break_lock) {
    command_line.refuse_given({"prune", "force-conflicts", "rev", "ignore", "change-paths",
                               "output", "wait", "timeout", "verify-signatures", "policy"},
                              "--break-lock");
  }
  if (options_.dry_run && options_.wait)
    throw Error("--dry-run changes nothing, so there is nothing to wait for: drop one of them");
  if (options_.dry_run && options_.rollback_on_failure) {
    throw Error("--dry-run changes nothing, so there is nothing to roll back: drop one of them");
  }
  if (options_.suspend || options_.resume) {
    if (options_.suspend && options_.resume)
      throw Error("--suspend and --resume contradict each other: choose one");
    if (!command_line.given("app"))
      throw Error(std::string(options_.suspend ? "--suspend" : "--resume") +
                  " needs the app: add --app");
    command_line.refuse_given(
        {"status", "break-lock", "dry-run", "prune", "rev", "ignore", "change-paths", "wait",
         "timeout", "watch", "output", "verify-signatures", "policy"},
        options_.suspend ? "--suspend" : "--resume");
  }
  if (options_.watch) {
    command_line.refuse_given(
        {"status", "break-lock", "dry-run", "change-paths", "force-conflicts"}, "--watch");
    if (!options_.apps_file.empty()) {
      command_line.refuse_given({"app", "rev", "repo", "branch", "ignore"}, "--apps");
      if (!options_.paths.empty())
        throw Error("--apps lists the apps' paths: drop the PATHs");
    }
    if (command_line.given("branch") && command_line.given("rev"))
      throw Error("--branch names what to sync: drop --rev");
    if (command_line.given("webhook-secret-file") && !command_line.given("listen"))
      throw Error("--webhook-secret-file is for the webhook endpoint: add --listen");
    agent::notify_format(options_.notify_format);
    for (const auto& url : options_.notify) {
      if (!url.starts_with("http://") && !url.starts_with("https://"))
        throw Error("--notify takes an http:// or https:// URL, not " + quoted(url));
    }
  } else {
    if (command_line.given("apps") && !options_.status)
      throw Error("--apps is a flag of the agent (or of --status): add --watch");
    for (const auto* flag : {"branch", "self-heal", "interval", "listen", "webhook-secret-file",
                             "notify", "notify-format", "notify-hmac-key-file", "leader-elect"}) {
      if (command_line.given(flag))
        throw Error(std::string("--") + flag + " is a flag of the agent: add --watch");
    }
  }
}

namespace {

sync::SyncRequest sync_request(const Options& options, const git::Repository& repository,
                               const std::vector<std::string>& paths) {
  sync::SyncRequest request;
  request.source.repository = &repository;
  request.source.commit = repository.resolve(options.revision);
  request.source.revision = options.revision;
  request.source.paths = paths;
  for (const auto& rule : options.ignore)
    request.source.ignore.push_back(diff::parse_ignore_rule(rule));
  auto file_rules = pipeline::ignore_rules_at(repository, request.source.commit);
  request.source.ignore.insert(request.source.ignore.end(), file_rules.begin(), file_rules.end());
  request.app = options.app;
  request.record_namespace = options.record_namespace;
  request.prune = options.prune;
  request.dry_run = options.dry_run;
  request.force_conflicts = options.force_conflicts;
  request.policy = options.policy;
  request.change_paths = options.change_paths;
  if (options.wait) {
    request.wait.emplace();
    request.wait->timeout = options.timeout;
  }
  request.hook_timeout = options.timeout;
  return request;
}

}  // namespace

int GitSync::run(const cli::Streams& streams) {
  if (options_.watch)
    return watch(streams);
  auto& options = options_;
  if (options.status && !options.app_given && (options.paths.empty() || !options.apps_file.empty()))
    return fleet_status(streams);
  const auto cwd = std::filesystem::current_path();
  kube::Kubectl kubectl(options.common.kubectl_options("kubectl-gitsync", streams.err));

  // --status --app works outside a repository; drift is then unknown.
  const bool needs_repository = !options.status || options.app.empty() || !options.repo.empty();
  std::optional<git::Repository> repository =
      needs_repository ? git::Repository::discover(
                             options.repo.empty() ? cwd : std::filesystem::path(options.repo))
                       : git::Repository::find(cwd);
  std::vector<std::string> paths;
  if (needs_repository) {
    for (const auto& path : options.paths)
      paths.push_back(repository->relative_path(path, cwd));
  }
  if (options.app.empty())
    options.app = sync::derive_app_name(repository->workdir().string(), paths);
  sync::validate_app_name(options.app);

  const bool writes = !options.status && !options.dry_run;  // --suspend, --resume write too
  kube::ApiProxy api(kubectl, writes           ? kube::Access::read_write
                              : options.policy ? kube::Access::dry_run
                                               : kube::Access::read_only);
  const bool json = options.common.output == "json";
  if (options.suspend || options.resume) {
    streams.out << sync::suspend_app(api, options.record_namespace, options.app, options.suspend);
    return 0;
  }
  if (options.break_lock) {
    streams.out << sync::break_app_lock(api, options.record_namespace, options.app,
                                        options.dry_run);
    return 0;
  }
  if (options.status) {
    const auto status = sync::app_status(
        kubectl, api, repository ? &*repository : nullptr, options.record_namespace, options.app,
        plugins::render_options(options.render, options.common, "kubectl-gitsync", streams.err,
                                options.app));
    streams.out << (json ? sync::present_status_json(status) : sync::present_status_text(status));
    return 0;
  }

  auto request = sync_request(options, *repository, paths);
  request.source.render = plugins::render_options(options.render, options.common, "kubectl-gitsync",
                                                  streams.err, options.app);
  if (streams.err_is_terminal && !json) {
    request.progress = [&streams](std::size_t done, std::size_t total) {
      streams.err << "\rapplying " << done << "/" << total << (done == total ? "\n" : "")
                  << std::flush;
    };
  }
  if (request.wait && streams.err_is_terminal && !json) {
    request.wait->progress = [&streams](const std::vector<sync::ObjectHealth>& waiting) {
      streams.err << "\r\033[K";
      if (!waiting.empty()) {
        streams.err << "waiting for " << waiting.size() << " object"
                    << (waiting.size() == 1 ? "" : "s") << ": "
                    << sync::describe_health(waiting.front()) << std::flush;
      }
    };
  }
  if (!options.app_given && !json)
    streams.err << "app: " << options.app << "\n";
  if (const auto verifier = plugins::verifier(options.trust, options.common, *repository,
                                              "kubectl-gitsync", streams.err)) {
    // Before the lock and the first write: a refused revision changes nothing.
    std::optional<git::Commit> since;
    if (verifier->mode() == trust::VerifyMode::strict)
      since = plugins::last_synced_commit(api, options.record_namespace, options.app, *repository);
    const auto signer = verifier->verify_revision(*request.source.commit, since, paths);
    if (!json)
      streams.err << "commit " << request.source.commit->short_sha() << " signed by "
                  << plugins::signature_info(signer).str() << "\n";
  }

  auto outcome = sync::sync_app(kubectl, api, request);
  const auto* target = sync::last_healthy(outcome.app, outcome.record.commit);
  if (outcome.succeeded() || !options.rollback_on_failure || !target ||
      outcome.stopped_before_applying()) {
    print_outcome(outcome, streams);
    if (!outcome.succeeded() && options.rollback_on_failure) {
      cli::print_error(
          streams, "kubectl-gitsync",
          outcome.denied() ? "no rollback: the cluster's admission denied the revision, so nothing "
                             "was applied"
          : outcome.stopped_before_applying()
              ? "no rollback: a pre-sync hook failed, so nothing was applied"
              : "no rollback: app " + options.app + " has no earlier healthy revision");
    }
    return outcome.succeeded() ? 0 : 2;
  }

  if (!json) {
    print_outcome(outcome, streams);
    streams.err << "kubectl-gitsync: rolling back app " << options.app << " to "
                << target->commit.substr(0, 7) << " (" << target->subject << ")\n";
  }
  const auto rolled_back = sync::roll_back_after_failure(kubectl, api, request, outcome, *target);
  if (json) {
    // One document: the failed sync, with the rollback inside it.
    auto document = nlohmann::ordered_json::parse(sync::present_sync_json(outcome, false));
    document["rollback"] =
        nlohmann::ordered_json::parse(sync::present_sync_json(rolled_back, false));
    streams.out << document.dump(2) << "\n";
    print_failures(outcome, streams);
    print_failures(rolled_back, streams);
  } else {
    print_outcome(rolled_back, streams);
  }
  return 2;  // the revision asked for did not sync, whether or not the rollback did
}

void GitSync::print_outcome(const sync::SyncOutcome& outcome, const cli::Streams& streams) const {
  const bool json = options_.common.output == "json";
  streams.out << (json ? sync::present_sync_json(outcome, options_.dry_run)
                       : sync::present_sync_text(outcome, options_.dry_run));
  print_failures(outcome, streams);
}

void GitSync::print_failures(const sync::SyncOutcome& outcome, const cli::Streams& streams) {
  for (const auto& line : sync::present_sync_failures(outcome))
    cli::print_error(streams, "kubectl-gitsync", line);
}

}  // namespace gitops::gitsync
