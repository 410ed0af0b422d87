#include "gitrevert.hpp"

#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/command_line.hpp"
#include "cli/program.hpp"
#include "error.hpp"
#include "git/repository.hpp"
#include "git/writer.hpp"
#include "kube/api_proxy.hpp"
#include "revert/present_history.hpp"
#include "revert/present_revert.hpp"
#include "revert/run_revert.hpp"
#include "revert/sync_request.hpp"
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
          "Roll an app back. By default: a new commit on the current branch that restores the\n"
          "app's folders to an earlier synced revision (with --sync, synced at once), or to the\n"
          "pinned one when the app is pinned; nothing outside them changes, and uncommitted\n"
          "changes inside them refuse it. --commit undoes\n"
          "one commit inside the app's folders.\n"
          "--cluster-only syncs an earlier revision without a commit and pins the app there, so\n"
          "no sync undoes the rollback until --unpin. --list shows what was synced.",
          {"# What ran in prod, and when\n"
           "kubectl gitrevert --list --app shop-prod",
           "# Put prod back to the revision before the current one, in git, and sync it now\n"
           "kubectl gitrevert --app shop-prod --sync",
           "# Undo one bad commit in the app's folders, on a new branch for review\n"
           "kubectl gitrevert --commit 1a2b3c4 --app shop-prod --branch revert-1a2b3c4 --push",
           "# Emergency: roll the cluster back two revisions at once; release it later\n"
           "kubectl gitrevert --cluster-only --steps 2 --app shop-prod\n"
           "kubectl gitrevert --unpin --app shop-prod"}};
}

sync::AppRecord require_record(kube::ApiClient& api, const Options& options) {
  auto record = sync::load_record(api, options.record_namespace, options.app);
  if (!record) {
    throw Error("unknown app " + quoted(options.app) + ": no sync record in namespace " +
                quoted(options.record_namespace));
  }
  return *record;
}

// The repository the app was synced from: --repo, else the one around the current directory,
// else the one its record names.
git::Repository open_repository(const Options& options, const sync::AppRecord& record) {
  if (!options.repo.empty())
    return git::Repository::discover(options.repo);
  try {
    return git::Repository::discover(std::filesystem::current_path());
  } catch (const Error&) {
    return git::Repository::discover(record.repository);
  }
}

std::optional<std::string> resolved_to(const git::Repository& repository, const Options& options) {
  if (options.to.empty())
    return std::nullopt;
  return repository.resolve(options.to).sha;
}

std::optional<int> steps_of(const Options& options) {
  return options.steps != 0 ? std::optional<int>(options.steps) : std::nullopt;
}

int unpin(kube::ApiClient& api, const Options& options) {
  auto record = require_record(api, options);
  if (!record.pin) {
    std::cout << "app " << record.name << " is not pinned\n";
    return 0;
  }
  auto pinned = record.pin->commit.substr(0, 7);
  record.pin.reset();
  sync::save_record(api, record);
  std::cout << "unpinned app " << record.name << " (was pinned at " << pinned
            << "); the next kubectl gitsync applies git again\n";
  return 0;
}

int cluster_only(const kube::Kubectl& kubectl, kube::ApiClient& api, const Options& options) {
  auto record = require_record(api, options);
  auto repository = open_repository(options, record);
  const auto& target =
      revert::rollback_target(record, resolved_to(repository, options), steps_of(options));
  auto request = revert::sync_request_for(repository, record, repository.resolve(target.commit),
                                          "cluster-only rollback");
  request.dry_run = options.dry_run;
  request.sync_pinned = true;
  request.pin = true;
  auto outcome = sync::sync_app(kubectl, api, request);
  std::cout << (options.common.output == "json"
                    ? sync::present_sync_json(outcome, options.dry_run)
                    : sync::present_sync_text(outcome, options.dry_run));
  if (!options.dry_run && outcome.succeeded() && options.common.output != "json") {
    std::cout << "app " << record.name << " is pinned at " << target.commit.substr(0, 7)
              << ": gitsync refuses until 'kubectl gitrevert --unpin --app " << record.name
              << "' (fix git first)\n";
  }
  for (const auto& line : sync::present_sync_failures(outcome))
    cli::print_error("kubectl-gitrevert", line);
  return outcome.succeeded() ? 0 : 2;
}

revert::Request make_request(const git::Repository& repository, const Options& options,
                             const sync::AppRecord& record) {
  revert::Request request;
  request.paths = record.paths;
  if (!options.commit.empty()) {
    request.mode = revert::Mode::undo;
    request.target = repository.resolve(options.commit);
  } else {
    if (record.pin && options.to.empty() && options.steps == 0) {
      // A pinned app: git catches up with the cluster's rollback, away from git's last sync.
      request.target = repository.resolve(record.pin->commit);
      for (const auto& entry : record.history) {
        if (entry.result == "succeeded" && entry.kind != "cluster-only rollback") {
          request.live_sha = entry.commit;
          break;
        }
      }
    } else {
      const auto& target =
          revert::rollback_target(record, resolved_to(repository, options), steps_of(options));
      request.target = repository.resolve(target.commit);
      request.live_sha = revert::live_record(record)->commit;
    }
  }
  if (!options.branch.empty())
    request.new_branch = options.branch;
  request.push = options.push;
  request.remote = options.remote;
  request.dry_run = options.dry_run;
  return request;
}

void print(const revert::Outcome& outcome, const revert::Request& request, const Options& options,
           const std::optional<sync::SyncOutcome>& synced) {
  if (options.common.output == "json") {
    std::cout << revert::present_revert_json(outcome, request, options.app, synced);
    return;
  }
  if (request.dry_run && !outcome.empty()) {
    // The diff alone on stdout, so that it can be piped to git apply; the rest is commentary.
    std::cout << revert::present_revert_diff(outcome, options.common.use_color()) << std::flush;
    std::cerr << revert::present_dry_run_note(outcome);
    return;
  }
  std::cout << revert::present_revert_text(outcome, request);
  if (synced)
    std::cout << sync::present_sync_text(*synced, false);
}

// The default mode and --commit: one new commit (pushed with --push), then, with --sync, a sync of
// the app to it.
int revert_in_git(const kube::Kubectl& kubectl, kube::ApiClient& api, const Options& options) {
  const auto record = require_record(api, options);
  // Refused before committing, so that nothing changes.
  if (options.sync && record.pin)
    sync::refuse_pinned(record);
  auto repository = open_repository(options, record);
  auto writer = git::Writer::discover(repository.workdir());
  const auto request = make_request(repository, options, record);
  const auto outcome = revert::run_revert(repository, writer, request);
  std::optional<sync::SyncOutcome> synced;
  if (options.sync) {
    // With nothing to commit the folders already match the target: sync them as they are, so
    // that running the command again finishes a revert whose sync failed.
    const git::Commit& commit = outcome.commit ? *outcome.commit : outcome.base;
    synced = sync::sync_app(kubectl, api,
                            revert::sync_request_for(repository, record, commit, "revert"));
  }
  print(outcome, request, options, synced);
  if (synced) {
    for (const auto& line : sync::present_sync_failures(*synced))
      cli::print_error("kubectl-gitrevert", line);
  }
  return synced && !synced->succeeded() ? 2 : 0;
}

void validate(const Options& options, const cli::CommandLine& command_line) {
  if (!command_line.positional().empty()) {
    throw Error("unexpected argument " + quoted(command_line.positional().front()) +
                " (see 'kubectl gitrevert --help')");
  }
  const int modes = options.list + options.unpin + options.cluster_only + !options.commit.empty();
  if (modes > 1) {
    throw Error("--list, --unpin, --cluster-only and --commit each choose what to do: give one");
  }
  if (command_line.given("to") && command_line.given("steps")) {
    throw Error("--to and --steps both choose the target; give one");
  }
  if (command_line.given("steps") && options.steps < 1) {
    throw Error("--steps takes a number of revisions of at least 1");
  }
  if (!options.commit.empty() && (command_line.given("to") || command_line.given("steps"))) {
    throw Error(
        "--commit names the commit to undo; --to and --steps choose a synced revision: "
        "give one");
  }
  if (options.list || options.unpin || options.cluster_only) {
    const char* mode = options.list ? "list" : options.unpin ? "unpin" : "cluster-only";
    for (const char* flag : {"sync", "branch", "push"}) {
      if (command_line.given(flag)) {
        throw Error(std::string("--") + flag + " is for a revert in git; it cannot be combined " +
                    "with --" + mode);
      }
    }
  }
  if (options.list || options.unpin)
    command_line.refuse_given({"to", "steps", "dry-run"}, options.list ? "--list" : "--unpin");
  if (command_line.given("remote") && !options.push) {
    throw Error("--remote names where to push: add --push");
  }
  if (options.dry_run && options.push) {
    throw Error("--dry-run commits nothing, so there is nothing to push: drop one of them");
  }
  if (options.dry_run && options.sync) {
    throw Error("--dry-run commits nothing, so there is nothing to sync: drop one of them");
  }
}

}  // namespace

int run(int argc, const char* const* argv) {
  Options options;
  cli::CommandLine command_line(info());
  // clang-format off
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
  // clang-format on
  command_line.add_common(options.common, {"text", "json"});
  if (!command_line.parse(argc, argv))
    return 0;
  validate(options, command_line);

  kube::Kubectl kubectl(options.common.kubectl_options("kubectl-gitrevert"));
  if (options.app.empty()) {
    auto repository =
        git::Repository::discover(options.repo.empty() ? std::filesystem::current_path()
                                                       : std::filesystem::path(options.repo));
    options.app = sync::derive_app_name(repository.workdir().string(), {});
  }
  sync::validate_app_name(options.app);

  const bool writes = options.unpin || options.sync || (options.cluster_only && !options.dry_run);
  kube::ApiProxy api(kubectl, writes ? kube::Access::read_write : kube::Access::read_only);
  if (options.list) {
    auto record = require_record(api, options);
    std::cout << (options.common.output == "json" ? revert::present_history_json(record)
                                                  : revert::present_history_text(record));
    return 0;
  }
  if (options.unpin)
    return unpin(api, options);
  if (options.cluster_only)
    return cluster_only(kubectl, api, options);
  return revert_in_git(kubectl, api, options);
}

}  // namespace gitops::gitrevert
