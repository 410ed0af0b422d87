#include "gitdiff.hpp"

#include <filesystem>
#include <iostream>

#include "cli/command_line.hpp"
#include "diff/present_diff.hpp"
#include "diff/present_json.hpp"
#include "diff/present_markdown.hpp"
#include "diff/present_summary.hpp"
#include "error.hpp"
#include "git/repository.hpp"
#include "pipeline/plan.hpp"
#include "server_side.hpp"
#include "sync/app_name.hpp"
#include "sync/present_sync.hpp"
#include "sync/record_store.hpp"

namespace po = boost::program_options;

namespace gitops::gitdiff {

namespace {

struct Options {
  cli::CommonOptions common;
  std::string revision = "HEAD";
  bool worktree = false;
  bool server_side = false;
  std::string repo;
  std::string app;
  std::string record_namespace = sync::kDefaultRecordNamespace;
  std::vector<std::string> ignore;
  std::vector<std::string> paths;
};

cli::CommandInfo info() {
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
           "kubectl gitdiff --worktree --context staging --ignore Deployment:spec.replicas"}};
}

bool is_range(const std::string& revision) {
  return revision.find("..") != std::string::npos;
}

std::string present(const diff::Report& report, const cli::CommonOptions& common) {
  if (common.output == "json")
    return diff::present_json(report);
  if (common.output == "markdown")
    return diff::present_markdown(report);
  if (common.output == "summary")
    return diff::present_summary(report);
  return diff::present_diff(report, common.use_color());
}

// What the app's last sync recorded: objects git no longer declares are deletions. Without a
// record (never synced, or not readable with these rights) there are none, and the user is told.
std::set<manifest::ObjectId> recorded_objects(kube::ApiClient& api, const std::string& app,
                                              const std::string& record_namespace) {
  std::optional<sync::AppRecord> record;
  try {
    record = sync::load_record(api, record_namespace, app);
  } catch (const Error& error) {
    // Only a record these rights may not read is skipped; an unreachable cluster is an error.
    if (error.kind() != ErrorKind::forbidden)
      throw;
    std::cerr << "kubectl-gitdiff: note: deletions are not shown: " << error.what() << "\n";
    return {};
  }
  if (!record)
    return {};
  if (record->pin) {
    std::cerr << "kubectl-gitdiff: note: app " << app << " is PINNED "
              << sync::describe_pin(*record)
              << " (the cluster was rolled back on purpose with gitrevert --cluster-only)\n";
  }
  std::set<manifest::ObjectId> ids;
  for (const auto& member : record->objects)
    ids.insert(member.id);
  return ids;
}

int exit_code_for(const diff::Counts& counts) {
  if (counts.unreadable > 0)
    return 2;
  return counts.changed() > 0 ? 1 : 0;
}

}  // namespace

int run(int argc, const char* const* argv) {
  Options options;
  cli::CommandLine command_line(info());
  // clang-format off
  command_line.flags().add_options()
      ("rev", po::value<std::string>(&options.revision)->default_value("HEAD"),
       "the revision to compare with the cluster, or A..B to compare two revisions (no cluster)")
      ("worktree", po::bool_switch(&options.worktree),
       "compare the working tree, uncommitted edits included, with the cluster")
      ("repo", po::value<std::string>(&options.repo),
       "the repository (default: the one containing the current directory)")
      ("ignore", po::value<std::vector<std::string>>(&options.ignore)->composing(),
       "KIND:FIELD.PATH to leave out, e.g. Deployment:spec.replicas (repeatable; also read "
       "from .gitdiffignore)")
      ("app", po::value<std::string>(&options.app),
       "the app whose sync record lists what to delete (default: derived as gitsync does)")
      ("record-namespace", po::value<std::string>(&options.record_namespace)
                               ->default_value(sync::kDefaultRecordNamespace),
       "where gitsync keeps app records")
      ("server-side", po::bool_switch(&options.server_side),
       "delegate to kubectl diff --server-side (needs patch rights; exact for webhooks)");
  // clang-format on
  command_line.add_common(options.common, {"diff", "json", "markdown", "summary"});
  if (!command_line.parse(argc, argv))
    return 0;
  options.paths = command_line.positional();

  const bool range = is_range(options.revision);
  if (options.worktree && (range || command_line.given("rev"))) {
    throw Error("--worktree compares the working tree; it cannot be combined with --rev");
  }
  if (options.server_side && range) {
    throw Error("--server-side asks the cluster; it cannot be combined with --rev A..B");
  }
  if (range)
    command_line.refuse_given({"app", "record-namespace"}, "--rev A..B");
  if (options.server_side)
    command_line.refuse_given({"app", "record-namespace", "ignore", "output"}, "--server-side");

  const auto cwd = std::filesystem::current_path();
  auto repository =
      git::Repository::discover(options.repo.empty() ? cwd : std::filesystem::path(options.repo));
  std::vector<std::string> paths;
  for (const auto& path : options.paths)
    paths.push_back(repository.relative_path(path, cwd));

  kube::Kubectl kubectl(options.common.kubectl_options("kubectl-gitdiff"));
  std::vector<diff::IgnoreRule> ignore;
  for (const auto& rule : options.ignore)
    ignore.push_back(diff::parse_ignore_rule(rule));

  diff::Report report;
  if (range) {
    auto dots = options.revision.find("..");
    auto from = repository.resolve(options.revision.substr(0, dots));
    auto to = repository.resolve(options.revision.substr(dots + 2));
    auto file_rules = pipeline::ignore_rules_at(repository, to);
    ignore.insert(ignore.end(), file_rules.begin(), file_rules.end());
    diff::CompareOptions compare_options;
    compare_options.ignore = ignore;
    report = pipeline::diff_revisions(repository, from, to, paths, kubectl, compare_options);
  } else {
    pipeline::PlanRequest request;
    request.repository = &repository;
    if (!options.worktree)
      request.commit = repository.resolve(options.revision);
    request.revision = options.worktree ? "" : options.revision;
    request.paths = paths;
    auto file_rules = pipeline::ignore_rules_at(repository, request.commit);
    ignore.insert(ignore.end(), file_rules.begin(), file_rules.end());
    request.ignore = ignore;
    if (options.server_side)
      return diff_server_side(kubectl, request);
    auto app = options.app.empty() ? sync::derive_app_name(repository.workdir().string(), paths)
                                   : options.app;
    request.load_inventory = [&, app](kube::ApiClient& api) {
      return recorded_objects(api, app, options.record_namespace);
    };
    report = pipeline::plan_against_cluster(kubectl, request).report;
  }
  std::cout << present(report, options.common);
  return exit_code_for(report.changes.counts());
}

}  // namespace gitops::gitdiff
