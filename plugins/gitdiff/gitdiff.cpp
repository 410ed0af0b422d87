#include "gitdiff.hpp"

#include <filesystem>

#include "diff/present_diff.hpp"
#include "diff/present_json.hpp"
#include "diff/present_markdown.hpp"
#include "diff/present_summary.hpp"
#include "error.hpp"
#include "git/repository.hpp"
#include "kube/api_proxy.hpp"
#include "pipeline/admission_check.hpp"
#include "pipeline/plan.hpp"
#include "pipeline/server_side_diff.hpp"
#include "render_options.hpp"
#include "sync/app_name.hpp"
#include "sync/apply.hpp"
#include "sync/recorded_inventory.hpp"
#include "trust_options.hpp"

namespace gitops::gitdiff {

namespace {

bool is_range(const std::string& revision) {
  return revision.find("..") != std::string::npos;
}

std::string present(const diff::Report& report, const cli::CommonOptions& common,
                    bool out_is_terminal) {
  if (common.output == "json")
    return diff::present_json(report);
  if (common.output == "markdown")
    return diff::present_markdown(report);
  if (common.output == "summary")
    return diff::present_summary(report);
  return diff::present_diff(report, common.use_color(out_is_terminal));
}

int exit_code_for(const diff::Counts& counts) {
  if (counts.unreadable > 0)
    return 2;
  return counts.changed() > 0 ? 1 : 0;
}

}  // namespace

cli::CommandInfo GitDiff::info() const {
  return {"gitdiff",
          "[flags] [PATH...]",
          "Show what differs between git and the live cluster, or between two revisions.\n"
          "Compares only the fields git declares (no noise from defaults, status or\n"
          "managedFields), needs only read rights, and never prints a Secret's value.\n"
          "Exit code: 0 no differences, 1 differences, 2 or more an error.",
          {"# What would change if HEAD of envs/prod were synced now\n"
           "kubectl gitdiff envs/prod",
           "# What a pull request changes, without any cluster, as a PR comment\n"
           "kubectl gitdiff --rev origin/main..HEAD -o markdown",
           "# Uncommitted edits against the staging cluster, ignoring autoscaled replicas\n"
           "kubectl gitdiff --worktree --context staging --ignore Deployment:spec.replicas"},
          {"diff", "json", "markdown", "summary"},
          true};
}

void GitDiff::add_flags(cli::FlagTable& table) {
  using enum cli::ValueKind;
  auto& o = options_;
  table
      .text("rev", o.revision,
            "the revision to compare with the cluster, or A..B to compare two revisions (no "
            "cluster)")
      .completes(revision);
  table.toggle("worktree", o.worktree,
               "compare the working tree, uncommitted edits included, with the cluster");
  table.text("repo", o.repo, "the repository (default: the one containing the current directory)")
      .completes(folder);
  table.texts("ignore", o.ignore,
              "KIND:FIELD.PATH to leave out, e.g. Deployment:spec.replicas (repeatable; also "
              "read from .gitdiffignore)");
  table
      .text("app", o.app,
            "the app whose sync record lists what to delete (default: derived as gitsync does)")
      .completes(app);
  table.text("record-namespace", o.record_namespace, "where gitsync keeps app records");
  table.toggle("policy", o.policy,
               "also send what a sync would write through the cluster's admission as a dry run "
               "and report what its policies deny (exit 2 when any does)");
  table.toggle("server-side", o.server_side,
               "delegate to kubectl diff --server-side (needs patch rights; exact for webhooks)");
  o.render.add_flags(table);
  o.trust.add_flags(table);
}

void GitDiff::complete(const cli::CommandLine& command_line) {
  options_.paths = command_line.positional();
  options_.rev_given = command_line.given("rev");
}

void GitDiff::validate(const cli::CommandLine& command_line) const {
  const auto& o = options_;
  const bool range = is_range(o.revision);
  o.render.validate();
  o.trust.validate();
  if (o.worktree && o.trust.verifies())
    throw Error("--verify-signatures checks commits; it cannot be combined with --worktree");
  if (o.worktree && (range || o.rev_given))
    throw Error("--worktree compares the working tree; it cannot be combined with --rev");
  if (o.server_side && range)
    throw Error("--server-side asks the cluster; it cannot be combined with --rev A..B");
  if (o.policy && range)
    throw Error("--policy asks the cluster's admission; it cannot be combined with --rev A..B");
  if (o.policy && o.server_side)
    throw Error("--server-side already runs admission; it cannot be combined with --policy");
  if (range)
    command_line.refuse_given({"app", "record-namespace"}, "--rev A..B");
  if (o.server_side)
    command_line.refuse_given({"app", "record-namespace", "ignore", "output"}, "--server-side");
}

int GitDiff::run(const cli::Streams& streams) {
  const auto& o = options_;
  const auto cwd = std::filesystem::current_path();
  auto repository = git::Repository::discover(o.repo.empty() ? cwd : std::filesystem::path(o.repo));
  std::vector<std::string> paths;
  for (const auto& path : o.paths)
    paths.push_back(repository.relative_path(path, cwd));

  kube::Kubectl kubectl(o.common.kubectl_options("kubectl-gitdiff", streams.err));
  std::vector<diff::IgnoreRule> ignore;
  for (const auto& rule : o.ignore)
    ignore.push_back(diff::parse_ignore_rule(rule));

  const auto app =
      o.app.empty() ? sync::derive_app_name(repository.workdir().string(), paths) : o.app;
  const auto render =
      plugins::render_options(o.render, o.common, "kubectl-gitdiff", streams.err, app);
  const auto verifier =
      plugins::verifier(o.trust, o.common, repository, "kubectl-gitdiff", streams.err);
  std::optional<diff::SignatureInfo> signature;

  diff::Report report;
  if (is_range(o.revision)) {
    const auto dots = o.revision.find("..");
    const auto from = repository.resolve(o.revision.substr(0, dots));
    const auto to = repository.resolve(o.revision.substr(dots + 2));
    if (verifier)
      signature = plugins::signature_info(verifier->verify_revision(to, from, paths));
    auto file_rules = pipeline::ignore_rules_at(repository, to);
    ignore.insert(ignore.end(), file_rules.begin(), file_rules.end());
    diff::CompareOptions compare_options;
    compare_options.ignore = ignore;
    report =
        pipeline::diff_revisions(repository, from, to, paths, kubectl, compare_options, render);
  } else {
    pipeline::PlanRequest request;
    request.repository = &repository;
    if (!o.worktree)
      request.commit = repository.resolve(o.revision);
    request.revision = o.worktree ? "" : o.revision;
    request.paths = paths;
    request.render = render;
    auto file_rules = pipeline::ignore_rules_at(repository, request.commit);
    ignore.insert(ignore.end(), file_rules.begin(), file_rules.end());
    request.ignore = ignore;
    std::optional<kube::ApiProxy> api;
    const auto proxy_access = o.policy ? kube::Access::dry_run : kube::Access::read_only;
    if (verifier) {
      // The check comes first: a refused revision is not rendered or compared.
      std::optional<git::Commit> since;
      if (verifier->mode() == trust::VerifyMode::strict) {
        api.emplace(kubectl, proxy_access);
        since = plugins::last_synced_commit(*api, o.record_namespace, app, repository);
      }
      signature = plugins::signature_info(verifier->verify_revision(*request.commit, since, paths));
    }
    if (o.server_side) {
      const auto result = pipeline::diff_server_side(kubectl, request);
      streams.out << result.out;
      streams.err << result.err;
      return result.exit_code;
    }
    request.load_inventory = [&o, &streams, app](kube::ApiClient& api) {
      auto inventory = sync::recorded_inventory(api, o.record_namespace, app);
      for (const auto& note : inventory.notes)
        streams.err << "kubectl-gitdiff: note: " << note << "\n";
      return inventory.ids;
    };
    if (!api)
      api.emplace(kubectl, proxy_access);
    const auto plan = pipeline::plan_against_cluster(kubectl, *api, request);
    report = plan.report;
    if (o.policy)
      report.policy = pipeline::check_admission(*api, plan, sync::kFieldManager);
  }
  report.source.signature = signature;
  streams.out << present(report, o.common, streams.out_is_terminal);
  if (report.policy && !report.policy->passed())
    throw pipeline::denied_error(*report.policy, "a sync of it would be refused");
  return exit_code_for(report.changes.counts());
}

}  // namespace gitops::gitdiff
