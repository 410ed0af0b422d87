#include "gitrevert.hpp"

#include <filesystem>
#include <optional>

#include "cli/program.hpp"
#include "error.hpp"
#include "git/repository.hpp"
#include "git/writer.hpp"
#include "kube/api_proxy.hpp"
#include "render_options.hpp"
#include "revert/present_history.hpp"
#include "revert/present_revert.hpp"
#include "revert/rollback.hpp"
#include "sync/app_name.hpp"
#include "sync/present_sync.hpp"
#include "sync/record_store.hpp"
#include "trust_options.hpp"

namespace gitops::gitrevert {

namespace {

void print_failures(const sync::SyncOutcome& outcome, const cli::Streams& streams) {
  for (const auto& line : sync::present_sync_failures(outcome))
    cli::print_error(streams, "kubectl-gitrevert", line);
}

revert::RollbackChoice choice_of(const Options& options) {
  return {options.to, options.steps, options.commit};
}

}  // namespace

cli::CommandInfo GitRevert::info() const {
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
           "kubectl gitrevert --unpin --app shop-prod"},
          {"text", "json"},
          false};
}

void GitRevert::add_flags(cli::FlagTable& table) {
  using enum cli::ValueKind;
  auto& o = options_;
  table.text("app", o.app, "the app (default: derived as gitsync does)").completes(app);
  table.toggle("list", o.list, "list the app's sync history, newest first");
  table.text("to", o.to, "the synced revision to go back to").completes(revision);
  table.number("steps", o.steps, "go back N synced revisions (default 1)");
  table.text("commit", o.commit, "undo this one commit in the app's folders").completes(revision);
  table.toggle("sync", o.sync, "sync the app to the revert commit");
  table.toggle("cluster-only", o.cluster_only,
               "sync the earlier revision now, without a commit, and pin the app there");
  table.toggle("unpin", o.unpin, "release a --cluster-only pin");
  table.text("branch", o.branch, "commit on a new branch, for review");
  table.toggle("push", o.push, "push the branch (never forced)");
  table.text("remote", o.remote, "the remote for --push");
  table.toggle("dry-run", o.dry_run, "show what would change; change nothing");
  o.sign.add_flags(table);
  table
      .text("repo", o.repo,
            "the repository (default: the current one, else the one the app was synced from)")
      .completes(folder);
  table.text("record-namespace", o.record_namespace, "where app records live");
  o.render.add_flags(table);
}

void GitRevert::validate(const cli::CommandLine& command_line) const {
  const auto& options = options_;
  options.render.validate();
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
    for (const char* flag : {"sync", "branch", "push", "sign"}) {
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

int GitRevert::list(kube::ApiClient& api, const cli::Streams& streams) const {
  const auto record = sync::require_record(api, options_.record_namespace, options_.app);
  streams.out << (options_.common.output == "json" ? revert::present_history_json(record)
                                                   : revert::present_history_text(record));
  return 0;
}

int GitRevert::cluster_only(const kube::Kubectl& kubectl, kube::ApiClient& api,
                            const cli::Streams& streams) const {
  const auto& o = options_;
  const auto record = sync::require_record(api, o.record_namespace, o.app);
  const auto repository = revert::app_repository(o.repo, std::filesystem::current_path(), record);
  const auto outcome = revert::roll_back_cluster(
      kubectl, api, repository, record, choice_of(o), o.dry_run,
      plugins::render_options(o.render, o.common, "kubectl-gitrevert", streams.err, o.app));
  const bool json = o.common.output == "json";
  streams.out << (json ? sync::present_sync_json(outcome, o.dry_run)
                       : sync::present_sync_text(outcome, o.dry_run));
  if (!o.dry_run && outcome.succeeded() && !json) {
    streams.out << "app " << record.name << " is pinned at " << outcome.record.commit.substr(0, 7)
                << ": gitsync refuses until 'kubectl gitrevert --unpin --app " << record.name
                << "' (fix git first)\n";
  }
  print_failures(outcome, streams);
  return outcome.succeeded() ? 0 : 2;
}

int GitRevert::revert_in_git(const kube::Kubectl& kubectl, kube::ApiClient& api,
                             const cli::Streams& streams) const {
  const auto& o = options_;
  const auto record = sync::require_record(api, o.record_namespace, o.app);
  if (o.sync && record.pin)
    sync::refuse_pinned(record);  // before anything is committed
  const auto repository = revert::app_repository(o.repo, std::filesystem::current_path(), record);
  auto writer = git::Writer::discover(repository.workdir());
  auto request = revert::revert_request(repository, record, choice_of(o));
  if (!o.branch.empty())
    request.new_branch = o.branch;
  request.push = o.push;
  request.remote = o.remote;
  request.dry_run = o.dry_run;
  request.sign = plugins::commit_signer(o.sign, o.common, writer, "kubectl-gitrevert", streams.err);
  const auto result = revert::revert_in_git(
      kubectl, api, repository, writer, record, request, o.sync,
      plugins::render_options(o.render, o.common, "kubectl-gitrevert", streams.err, o.app));

  if (o.common.output == "json") {
    streams.out << revert::present_revert_json(result.revert, request, o.app, result.synced);
  } else if (request.dry_run && !result.revert.empty()) {
    // The diff alone on stdout, so that it can be piped to git apply; the rest is commentary.
    streams.out << revert::present_revert_diff(result.revert,
                                               o.common.use_color(streams.out_is_terminal))
                << std::flush;
    streams.err << revert::present_dry_run_note(result.revert);
  } else {
    streams.out << revert::present_revert_text(result.revert, request);
    if (result.synced)
      streams.out << sync::present_sync_text(*result.synced, false);
  }
  if (result.synced)
    print_failures(*result.synced, streams);
  return result.synced && !result.synced->succeeded() ? 2 : 0;
}

int GitRevert::run(const cli::Streams& streams) {
  auto& o = options_;
  kube::Kubectl kubectl(o.common.kubectl_options("kubectl-gitrevert", streams.err));
  if (o.app.empty()) {
    auto repository = git::Repository::discover(o.repo.empty() ? std::filesystem::current_path()
                                                               : std::filesystem::path(o.repo));
    o.app = sync::derive_app_name(repository.workdir().string(), {});
  }
  sync::validate_app_name(o.app);

  const bool writes = o.unpin || o.sync || (o.cluster_only && !o.dry_run);
  kube::ApiProxy api(kubectl, writes ? kube::Access::read_write : kube::Access::read_only);
  if (o.list)
    return list(api, streams);
  if (o.unpin) {
    streams.out << revert::unpin(api, o.record_namespace, o.app);
    return 0;
  }
  if (o.cluster_only)
    return cluster_only(kubectl, api, streams);
  return revert_in_git(kubectl, api, streams);
}

}  // namespace gitops::gitrevert
