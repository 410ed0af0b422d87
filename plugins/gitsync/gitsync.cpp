#include "gitsync.hpp"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/command_line.hpp"
#include "cli/program.hpp"
#include "error.hpp"
#include "git/repository.hpp"
#include "kube/api_proxy.hpp"
#include "sync/app_name.hpp"
#include "sync/lock.hpp"
#include "sync/present_sync.hpp"
#include "sync/record_store.hpp"
#include "sync/sync_app.hpp"

namespace po = boost::program_options;

namespace gitops::gitsync {

namespace {

struct Options {
  cli::CommonOptions common;
  std::string revision = "HEAD";
  std::string repo;
  std::string app;
  std::string record_namespace = sync::kDefaultRecordNamespace;
  std::vector<std::string> ignore;
  bool dry_run = false;
  bool prune = false;
  bool status = false;
  bool force_conflicts = false;
  bool break_lock = false;
  bool change_paths = false;
};

cli::CommandInfo info() {
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
           "kubectl gitsync --status --app shop-prod -o json"}};
}

// Whether there is a person to show progress to.
bool interactive() {
  return isatty(STDERR_FILENO) == 1;
}

int show_status(const kube::Kubectl& kubectl, const git::Repository* repository,
                const Options& options) {
  kube::ApiProxy api(kubectl);
  auto record = sync::load_record(api, options.record_namespace, options.app);
  if (!record) {
    throw Error("app " + quoted(options.app) + " has no sync record in namespace " +
                quoted(options.record_namespace) + " (it was never synced there)");
  }
  int drifted = -1;
  const auto* current = record->current();
  if (repository && current) {
    try {
      pipeline::PlanRequest request;
      request.repository = repository;
      request.commit = repository->resolve(current->commit);
      request.revision = current->commit;
      request.paths = record->paths;
      request.inventory = {};
      for (const auto& member : record->objects)
        request.inventory.insert(member.id);
      request.ignore = pipeline::ignore_rules_at(*repository, request.commit);
      drifted =
          pipeline::plan_against_cluster(kubectl, api, request).report.changes.counts().changed();
    } catch (const Error&) {
      drifted = -1;  // the synced commit is not in this repository
    }
  }
  std::cout << (options.common.output == "json" ? sync::present_status_json(*record, drifted)
                                                : sync::present_status_text(*record, drifted));
  return 0;
}

// --break-lock: the lock of a sync that died, once its holder is known not to run here.
int break_lock(const kube::Kubectl& kubectl, const Options& options) {
  kube::ApiProxy api(kubectl, options.dry_run ? kube::Access::read_only : kube::Access::read_write);
  const auto holder = sync::AppLock::holder(api, options.record_namespace, options.app);
  if (!holder) {
    std::cout << "app " << options.app << " is not locked\n";
    return 0;
  }
  if (options.dry_run) {
    sync::AppLock::refuse_to_break(*holder, options.app);
    std::cout << "would remove the lock of app " << options.app << ", held by "
              << holder->describe() << "\n";
    return 0;
  }
  sync::AppLock::break_lock(api, options.record_namespace, options.app, *holder);
  std::cout << "removed the lock of app " << options.app << ", held by " << holder->describe()
            << "\n";
  return 0;
}

void validate(const Options& options, const cli::CommandLine& command_line) {
  if (options.status) {
    command_line.refuse_given(
        {"break-lock", "dry-run", "prune", "force-conflicts", "rev", "ignore", "change-paths"},
        "--status");
  }
  if (options.break_lock) {
    command_line.refuse_given(
        {"prune", "force-conflicts", "rev", "ignore", "change-paths", "output"}, "--break-lock");
  }
}

}  // namespace

int run(int argc, const char* const* argv) {
  Options options;
  cli::CommandLine command_line(info());
  // clang-format off
  command_line.flags().add_options()
      ("rev", po::value<std::string>(&options.revision)->default_value("HEAD"),
       "the committed revision to sync")
      ("repo", po::value<std::string>(&options.repo),
       "the repository (default: the one containing the current directory)")
      ("app", po::value<std::string>(&options.app),
       "the app's name (default: derived from the repository folder and PATHs)")
      ("record-namespace", po::value<std::string>(&options.record_namespace)
                               ->default_value(sync::kDefaultRecordNamespace),
       "where app records and locks live")
      ("dry-run", po::bool_switch(&options.dry_run), "print the plan; change nothing")
      ("prune", po::bool_switch(&options.prune),
       "delete objects the last sync recorded that git no longer declares")
      ("status", po::bool_switch(&options.status),
       "show the app's synced revision, history head, pin and drift")
      ("force-conflicts", po::bool_switch(&options.force_conflicts),
       "take over fields another field manager owns")
      ("change-paths", po::bool_switch(&options.change_paths),
       "sync the app from PATHs other than those its record names (they become its paths)")
      ("break-lock", po::bool_switch(&options.break_lock),
       "remove the app's lock left by a sync that died, then exit")
      ("ignore", po::value<std::vector<std::string>>(&options.ignore)->composing(),
       "KIND:FIELD.PATH to leave out of the comparison (repeatable; also .gitdiffignore)");
  // clang-format on
  command_line.add_common(options.common, {"text", "json"});
  if (!command_line.parse(argc, argv))
    return 0;
  validate(options, command_line);

  const auto cwd = std::filesystem::current_path();
  kube::Kubectl kubectl(options.common.kubectl_options("kubectl-gitsync"));

  std::optional<git::Repository> repository;
  std::vector<std::string> paths;
  if (!options.status || options.app.empty() || !options.repo.empty()) {
    repository.emplace(git::Repository::discover(
        options.repo.empty() ? cwd : std::filesystem::path(options.repo)));
    for (const auto& path : command_line.positional()) {
      paths.push_back(repository->relative_path(path, cwd));
    }
  } else {
    try {
      repository.emplace(git::Repository::discover(cwd));
    } catch (const Error&) {
      // --status --app works outside a repository; drift is then unknown.
    }
  }
  if (options.app.empty()) {
    options.app = sync::derive_app_name(repository->workdir().string(), paths);
  }
  sync::validate_app_name(options.app);

  if (options.break_lock)
    return break_lock(kubectl, options);
  if (options.status)
    return show_status(kubectl, repository ? &*repository : nullptr, options);

  sync::SyncRequest request;
  request.source.repository = &*repository;
  request.source.commit = repository->resolve(options.revision);
  request.source.revision = options.revision;
  request.source.paths = paths;
  for (const auto& rule : options.ignore)
    request.source.ignore.push_back(diff::parse_ignore_rule(rule));
  auto file_rules = pipeline::ignore_rules_at(*repository, request.source.commit);
  request.source.ignore.insert(request.source.ignore.end(), file_rules.begin(), file_rules.end());
  request.app = options.app;
  request.record_namespace = options.record_namespace;
  request.prune = options.prune;
  request.dry_run = options.dry_run;
  request.force_conflicts = options.force_conflicts;
  request.change_paths = options.change_paths;
  if (interactive() && options.common.output == "text") {
    request.progress = [](std::size_t done, std::size_t total) {
      std::cerr << "\rapplying " << done << "/" << total << (done == total ? "\n" : "")
                << std::flush;
    };
  }
  if (command_line.given("app") == false && options.common.output == "text") {
    std::cerr << "app: " << options.app << "\n";
  }

  kube::ApiProxy api(kubectl, options.dry_run ? kube::Access::read_only : kube::Access::read_write);
  auto outcome = sync::sync_app(kubectl, api, request);
  std::cout << (options.common.output == "json"
                    ? sync::present_sync_json(outcome, options.dry_run)
                    : sync::present_sync_text(outcome, options.dry_run));
  for (const auto& line : sync::present_sync_failures(outcome))
    cli::print_error("kubectl-gitsync", line);
  return outcome.succeeded() ? 0 : 2;
}

}  // namespace gitops::gitsync
