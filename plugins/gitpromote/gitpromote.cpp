#include "gitpromote.hpp"

#include <filesystem>

#include "diff/present_policy.hpp"
#include "error.hpp"
#include "git/clone_cache.hpp"
#include "git/repository.hpp"
#include "git/writer.hpp"
#include "kube/api_proxy.hpp"
#include "pipeline/admission_check.hpp"
#include "promote/policy_check.hpp"
#include "promote/present.hpp"
#include "promote/run_promotion.hpp"
#include "promote/verify_source.hpp"
#include "render_options.hpp"
#include "sync/app_name.hpp"
#include "trust_options.hpp"

namespace gitops::gitpromote {

namespace {

std::vector<std::string> split_commas(const std::vector<std::string>& values) {
  std::vector<std::string> items;
  for (const std::string& value : values) {
    std::size_t start = 0;
    while (start <= value.size()) {
      const std::size_t comma = value.find(',', start);
      std::string item = value.substr(start, comma - start);
      if (!item.empty())
        items.push_back(item);
      if (comma == std::string::npos)
        break;
      start = comma + 1;
    }
  }
  return items;
}

std::string normalized_folder(std::string path) {
  while (path.starts_with("./"))
    path.erase(0, 2);
  while (path.size() > 1 && path.ends_with('/'))
    path.pop_back();
  return path == "." ? "" : path;
}

promote::Request make_request(const Options& options, const git::Repository* local,
                              const std::filesystem::path& cwd) {
  auto folder = [&](const std::string& path) {
    if (path.empty())
      return std::string();
    return local ? local->relative_path(path, cwd) : normalized_folder(path);
  };
  promote::Request request;
  request.from = folder(options.from);
  request.to = folder(options.to);
  if (!request.from.empty() && request.from == request.to) {
    throw Error("--from and --to name the same folder " + quoted(request.to));
  }
  request.revision = options.revision;
  request.selection.images = split_commas(options.images);
  for (const auto& field : options.fields) {
    request.selection.fields.push_back(promote::parse_field_spec(field));
  }
  request.selection.file_globs = options.files;
  for (const auto& image : options.set_images) {
    request.overrides.push_back(promote::parse_image_override(image));
  }
  if (!options.branch.empty())
    request.new_branch = options.branch;
  request.push = options.push;
  request.remote = options.remote;
  request.dry_run = options.dry_run;
  return request;
}

void print(const promote::Outcome& outcome, const promote::Request& request,
           const cli::CommonOptions& common, const cli::Streams& streams) {
  if (common.output == "json") {
    streams.out << promote::present_json(outcome, request);
    return;
  }
  if (request.dry_run && !outcome.promotion.empty()) {
    // The diff alone on stdout, so that it can be piped to git apply; the rest is commentary.
    streams.out << promote::present_diff(outcome.promotion,
                                         common.use_color(streams.out_is_terminal));
    streams.out.flush();
    streams.err << promote::present_left_alone(outcome.promotion, request)
                << diff::policy_lines(outcome.policy) << "dry run: would commit on "
                << outcome.branch << ": " << outcome.message.substr(0, outcome.message.find('\n'))
                << "\n";
    return;
  }
  streams.out << promote::present_summary(outcome, request);
}

}  // namespace

cli::CommandInfo GitPromote::info() const {
  return {
      "gitpromote",
      "--from SRC --to DST [--images NAME,...] [--field FILE:PATH] [--files GLOB] [flags]\n"
      "  kubectl gitpromote --to DST --set-image NAME=REF [flags]",
      "Promote a release from one environment folder to the next, as one reviewed commit.\n"
      "By default every image DST runs (containers and initContainers of any pod\n"
      "template, and kustomization.yaml images:) gets the tag and digest SRC runs; only\n"
      "those values change, every other byte of every file stays. The commit lands on the\n"
      "current branch (or a new one with --branch), holding only the promotion, whatever\n"
      "else is staged or modified; the working tree copies of the edited files follow.\n"
      "Exit code: 0 promoted or nothing to promote, 2 or more an error (nothing committed).",
      {"# Promote every image staging runs to prod, as one commit on the current branch, and\n"
       "# push it (redone on the remote's new tip if someone pushed first)\n"
       "kubectl gitpromote --from envs/staging --to envs/prod --push",
       "# Open a pull request: only the web image and the Helm chart version, on a new branch\n"
       "kubectl gitpromote --from envs/staging --to envs/prod --images web \\\n"
       "  --field release.yaml:spec.chart.spec.version --branch promote-web --push",
       "# First hop, from CI after pushing an image, without a local clone; see the change first\n"
       "kubectl gitpromote --repo https://github.com/acme/deploy.git --to envs/dev \\\n"
       "  --set-image ghcr.io/acme/web=ghcr.io/acme/web:1.3.0 --dry-run"},
      {"text", "json"},
      false};
}

void GitPromote::add_flags(cli::FlagTable& table) {
  using enum cli::ValueKind;
  auto& o = options_;
  table.text("from", o.from, "the environment folder to promote from (e.g. envs/staging)")
      .completes(folder);
  table.text("to", o.to, "the environment folder to promote into (e.g. envs/prod)")
      .completes(folder);
  table.text("rev", o.revision, "the revision to read --from at").completes(revision);
  table.texts("images", o.images,
              "NAME[,NAME]: promote only these images (a name as written, or its last component: "
              "web)");
  table.texts("field", o.fields,
              "FILE:PATH: promote this value, e.g. values.yaml:image.tag (repeatable); naming "
              "--field or --files promotes images only if --images names them too");
  table.texts("files", o.files,
              "GLOB: copy the whole files it matches in SRC to DST, e.g. 'config/*.yaml' "
              "(repeatable)");
  table.texts("set-image", o.set_images,
              "NAME=REF: set DST's images named NAME to REF's tag and digest, without --from "
              "(repeatable); REF may be :TAG or @DIGEST alone");
  table.text("branch", o.branch,
             "commit on this new branch, made from HEAD, leaving the working tree and index alone");
  table.toggle("push", o.push,
               "push the branch; if the remote moved on, redo the promotion on its tip (3 "
               "attempts); never forces");
  table.text("remote", o.remote, "the remote to push to");
  table.text("repo", o.repo_url,
             "URL: work on this remote repository in a cached clone of its own (needs --push)");
  table.toggle("dry-run", o.dry_run, "print what would change as a git-style diff; commit nothing");
  o.sign.add_flags(table);
  table.toggle("verify-source", o.verify_source,
               "first check through kubectl that SRC's app is synced at SRC's content and not "
               "drifted");
  table.toggle("policy", o.policy,
               "before committing, send what DST would then hold through the cluster's admission "
               "(--context) as a dry run; when any policy denies an object, commit nothing");
  table
      .text("source-app", o.source_app,
            "the app that syncs SRC, for --verify-source (default: derived as gitsync does)")
      .completes(app);
  table.text("record-namespace", o.record_namespace,
             "where gitsync keeps app records, for --verify-source");
  o.render.add_flags(table);
  o.trust.add_flags(table);
}

void GitPromote::validate(const cli::CommandLine& command_line) const {
  const auto& options = options_;
  options.render.validate();
  options.trust.validate();
  if (options.trust.verifies() && !options.set_images.empty())
    throw Error(
        "--verify-signatures checks the revision --from is read at; --set-image reads none");
  if (options.trust.verify_signatures == "strict" && !options.verify_source)
    throw Error(
        "--verify-signatures strict checks every commit since SRC's app last synced: add "
        "--verify-source (or use --verify-signatures head)");
  if (options.to.empty()) {
    throw Error("--to is required: the environment folder to promote into (e.g. --to envs/prod)");
  }
  if (!options.set_images.empty()) {
    for (const char* flag : {"from", "images", "field", "files", "rev"}) {
      if (command_line.given(flag)) {
        throw Error(
            std::string("--set-image gives the images itself; it cannot be combined with --") +
            flag);
      }
    }
  } else if (options.from.empty()) {
    throw Error("--from is required (the folder to promote from), or --set-image NAME=REF");
  }
  if (command_line.given("remote") && !options.push) {
    throw Error("--remote names where to push: add --push");
  }
  if (options.dry_run && options.push) {
    throw Error("--dry-run commits nothing, so there is nothing to push: drop one of them");
  }
  if (!options.repo_url.empty() && !options.push && !options.dry_run) {
    throw Error(
        "--repo commits in a clone of its own, so the commit must be pushed: add --push "
        "(or --dry-run)");
  }
  if (options.verify_source && (!options.set_images.empty() || !options.repo_url.empty())) {
    throw Error(
        "--verify-source checks SRC's app in a local repository: it needs --from and no --repo");
  }
  if (!options.repo_url.empty() && command_line.given("remote") && options.remote != "origin") {
    throw Error("--repo pushes to the URL it clones; it cannot be combined with --remote");
  }
}

int GitPromote::run(const cli::Streams& streams) {
  const auto& options = options_;
  const auto cwd = std::filesystem::current_path();
  const bool scratch = !options.repo_url.empty();
  const std::filesystem::path location =
      scratch ? git::prepare_cached_clone(options.repo_url, git::default_cache_root()).path : cwd;
  auto repository = git::Repository::discover(location);
  auto writer = scratch ? git::Writer::open(location) : git::Writer::discover(location);
  auto request = make_request(options, scratch ? nullptr : &repository, cwd);
  request.sign = plugins::commit_signer(options.sign, options.common, writer, "kubectl-gitpromote",
                                        streams.err);
  if (const auto verifier = plugins::verifier(options.trust, options.common, repository,
                                              "kubectl-gitpromote", streams.err)) {
    // Before anything is read or written: a refused source promotes nothing.
    std::optional<git::Commit> since;
    if (verifier->mode() == trust::VerifyMode::strict) {
      kube::Kubectl kubectl(options.common.kubectl_options("kubectl-gitpromote", streams.err));
      kube::ApiProxy api(kubectl);
      const auto app = options.source_app.empty()
                           ? sync::derive_app_name(repository.workdir().string(), {request.from})
                           : options.source_app;
      since = plugins::last_synced_commit(api, options.record_namespace, app, repository);
    }
    verifier->verify_revision(repository.resolve(request.revision), since, {request.from});
  }

  if (options.verify_source) {
    kube::Kubectl kubectl(options.common.kubectl_options("kubectl-gitpromote", streams.err));
    promote::verify_source(
        kubectl, repository, request.from, repository.resolve(request.revision), options.source_app,
        options.record_namespace,
        plugins::render_options(options.render, options.common, "kubectl-gitpromote", streams.err,
                                options.source_app));
  }
  std::optional<kube::Kubectl> policy_kubectl;
  std::optional<kube::ApiProxy> policy_api;
  if (options.policy) {
    request.policy = [&](const git::Commit& candidate) {
      if (!policy_api) {  // one proxy, also when a push is redone on the remote's tip
        policy_kubectl.emplace(options.common.kubectl_options("kubectl-gitpromote", streams.err));
        policy_api.emplace(*policy_kubectl, kube::Access::dry_run);
      }
      const auto app = sync::derive_app_name(repository.workdir().string(), {request.to});
      return promote::check_promotion_policy(
          *policy_kubectl, *policy_api, repository, candidate, request.to,
          plugins::render_options(options.render, options.common, "kubectl-gitpromote", streams.err,
                                  app));
    };
  }
  const promote::Workspace workspace{&repository, &writer, scratch};
  const auto outcome = promote::run_promotion(workspace, request);
  print(outcome, request, options.common, streams);
  if (outcome.denied())
    throw pipeline::denied_error(*outcome.policy, "nothing was committed");
  return 0;
}

}  // namespace gitops::gitpromote
