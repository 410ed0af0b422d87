#include "gitrevert.hpp"

#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/command_line.hpp"
#include "error.hpp"
#include "git/repository.hpp"
#include "revert/present_history.hpp"
#include "revert/target.hpp"
#include "sync/app_name.hpp"
#include "sync/present_sync.hpp"
#include "sync/record_store.hpp"
#include "sync/sync_app.hpp"

namespace po = boost::program_options;

namespace gitops::gitrevert {

namespace {

struct Options {
  cli::CommonOptions common;
  std::string app;
  std::string record_namespace = sync::kDefaultRecordNamespace;
  std::string repo;
  std::string to;
  int steps = 0;
  std::string commit;
  bool list = false;
  bool cluster_only = false;
  bool unpin = false;
  bool sync = false;
  bool push = false;
  std::string branch;
  std::string remote = "origin";
  bool dry_run = false;
};

cli::CommandInfo info() {
  return {"gitrevert",
          "[flags]",
          "Roll an app back. By default: a new commit that restores the app's folders to an\n"
          "earlier synced revision (with --sync, synced at once). --commit undoes one commit.\n"
          "--cluster-only syncs an earlier revision without a commit and pins the app there, so\n"
          "no sync undoes the rollback until --unpin. --list shows what was synced.",
          {"# What ran in prod, and when\n"
           "kubectl gitrevert --list --app shop-prod",
           "# Put prod back to the revision before the current one, in git, and sync it now\n"
           "kubectl gitrevert --app shop-prod --sync",
           "# Emergency: roll the cluster back two revisions at once; release it later\n"
           "kubectl gitrevert --cluster-only --steps 2 --app shop-prod\n"
           "kubectl gitrevert --unpin --app shop-prod"}};
}

sync::AppRecord require_record(const kube::Kubectl& kubectl, const Options& options) {
  auto record = sync::load_record(kubectl, options.record_namespace, options.app);
  if (!record) {
    throw Error("unknown app " + quoted(options.app) + ": no sync record in namespace " +
                quoted(options.record_namespace));
  }
  return *record;
}

// The repository the app was synced from: --repo, else the one around the current directory,
// else the one its record names.
git::Repository open_repository(const Options& options, const sync::AppRecord& record) {
  if (!options.repo.empty()) return git::Repository::discover(options.repo);
  try {
    return git::Repository::discover(std::filesystem::current_path());
  } catch (const Error&) {
    return git::Repository::discover(record.repository);
  }
}

std::optional<std::string> resolved_to(const git::Repository& repository, const Options& options) {
  if (options.to.empty()) return std::nullopt;
  return repository.resolve(options.to).sha;
}

std::optional<int> steps_of(const Options& options) {
  return options.steps > 0 ? std::optional<int>(options.steps) : std::nullopt;
}

int unpin(const kube::Kubectl& kubectl, const Options& options) {
  auto record = require_record(kubectl, options);
  if (!record.pin) {
    std::cout << "app " << record.name << " is not pinned\n";
    return 0;
  }
  auto pinned = record.pin->commit.substr(0, 7);
  record.pin.reset();
  sync::save_record(kubectl, record);
  std::cout << "unpinned app " << record.name << " (was pinned at " << pinned
            << "); the next kubectl gitsync applies git again\n";
  return 0;
}

int cluster_only(const kube::Kubectl& kubectl, const Options& options) {
  auto record = require_record(kubectl, options);
  auto repository = open_repository(options, record);
  const auto& target = revert::rollback_target(record, resolved_to(repository, options),
                                               steps_of(options));
  sync::SyncRequest request;
  request.source.repository = &repository;
  request.source.commit = repository.resolve(target.commit);
  request.source.revision = target.commit;
  request.source.paths = record.paths;
  request.source.ignore = pipeline::ignore_rules_at(repository, request.source.commit);
  request.app = record.name;
  request.record_namespace = options.record_namespace;
  request.prune = record.prune;
  request.dry_run = options.dry_run;
  request.kind = "cluster-only rollback";
  request.sync_pinned = true;
  request.pin = true;
  auto outcome = sync::sync_app(kubectl, request);
  std::cout << (options.common.output == "json" ? sync::present_sync_json(outcome, options.dry_run)
                                                : sync::present_sync_text(outcome, options.dry_run));
  if (!options.dry_run && outcome.succeeded() && options.common.output != "json") {
    std::cout << "app " << record.name << " is pinned at " << target.commit.substr(0, 7)
              << ": gitsync refuses until 'kubectl gitrevert --unpin --app " << record.name
              << "' (fix git first)\n";
  }
  return outcome.succeeded() ? 0 : 2;
}

}  // namespace

int run(int argc, const char* const* argv) {
  Options options;
  cli::CommandLine command_line(info());
  command_line.flags().add_options()
      ("app", po::value<std::string>(&options.app), "the app (default: derived as gitsync does)")
      ("list", po::bool_switch(&options.list), "list the app's sync history, newest first")
      ("to", po::value<std::string>(&options.to), "the synced revision to go back to")
      ("steps", po::value<int>(&options.steps), "go back N synced revisions (default 1)")
      ("commit", po::value<std::string>(&options.commit), "undo this one commit in the app's folders")
      ("sync", po::bool_switch(&options.sync), "sync the app to the revert commit")
      ("cluster-only", po::bool_switch(&options.cluster_only),
       "sync the earlier revision now, without a commit, and pin the app there")
      ("unpin", po::bool_switch(&options.unpin), "release a --cluster-only pin")
      ("branch", po::value<std::string>(&options.branch), "commit on a new branch, for review")
      ("push", po::bool_switch(&options.push), "push the branch (never forced)")
      ("remote", po::value<std::string>(&options.remote)->default_value("origin"), "the remote for --push")
      ("dry-run", po::bool_switch(&options.dry_run), "show what would change; change nothing")
      ("repo", po::value<std::string>(&options.repo),
       "the repository (default: the current one, else the one the app was synced from)")
      ("record-namespace", po::value<std::string>(&options.record_namespace)
                               ->default_value(sync::kDefaultRecordNamespace),
       "where app records live");
  command_line.add_common(options.common, {"text", "json"});
  if (!command_line.parse(argc, argv)) return 0;
  if (!options.to.empty() && options.steps > 0) {
    throw Error("--to and --steps both choose the target; give one");
  }

  kube::Kubectl kubectl(options.common.kubectl_options("kubectl-gitrevert"));
  if (options.app.empty()) {
    auto repository = git::Repository::discover(
        options.repo.empty() ? std::filesystem::current_path() : std::filesystem::path(options.repo));
    options.app = sync::derive_app_name(repository.workdir().string(), {});
  }
  sync::validate_app_name(options.app);

  if (options.list) {
    auto record = require_record(kubectl, options);
    std::cout << (options.common.output == "json" ? revert::present_history_json(record)
                                                  : revert::present_history_text(record));
    return 0;
  }
  if (options.unpin) return unpin(kubectl, options);
  if (options.cluster_only) return cluster_only(kubectl, options);
  throw Error("reverting in git is not available yet; use --cluster-only");
}

}  // namespace gitops::gitrevert
