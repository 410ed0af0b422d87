#include "gitpromote.hpp"

#include <filesystem>
#include <iostream>

#include "cli/command_line.hpp"
#include "error.hpp"
#include "git/repository.hpp"
#include "git/writer.hpp"
#include "promote/present.hpp"
#include "promote/repo_cache.hpp"
#include "promote/run_promotion.hpp"
#include "promote/verify_source.hpp"
#include "sync/app_record.hpp"

namespace po = boost::program_options;

namespace gitops::gitpromote {

namespace {

struct Options {
  std::string from;
  std::string to;
  std::string revision = "HEAD";
  std::vector<std::string> images;
  std::vector<std::string> fields;
  std::vector<std::string> files;
  std::vector<std::string> set_images;
  std::string branch;
  bool push = false;
  std::string remote = "origin";
  std::string repo_url;
  bool dry_run = false;
  bool verify_source = false;
  std::string source_app;
  std::string record_namespace = sync::kDefaultRecordNamespace;
  cli::CommonOptions common;  // kubectl runs only for --verify-source
};

cli::CommandInfo info() {
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
       "  --set-image ghcr.io/acme/web=ghcr.io/acme/web:1.3.0 --dry-run"}};
}

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

void add_flags(cli::CommandLine& command_line, Options& options) {
  // clang-format off
  command_line.flags().add_options()
      ("from", po::value<std::string>(&options.from),
       "the environment folder to promote from (e.g. envs/staging)")
      ("to", po::value<std::string>(&options.to),
       "the environment folder to promote into (e.g. envs/prod)")
      ("rev", po::value<std::string>(&options.revision)->default_value("HEAD"),
       "the revision to read --from at")
      ("images", po::value<std::vector<std::string>>(&options.images)->composing(),
       "NAME[,NAME]: promote only these images (a name as written, or its last component: web)")
      ("field", po::value<std::vector<std::string>>(&options.fields)->composing(),
       "FILE:PATH: promote this value, e.g. values.yaml:image.tag (repeatable); naming --field "
       "or --files promotes images only if --images names them too")
      ("files", po::value<std::vector<std::string>>(&options.files)->composing(),
       "GLOB: copy the whole files it matches in SRC to DST, e.g. 'config/*.yaml' (repeatable)")
      ("set-image", po::value<std::vector<std::string>>(&options.set_images)->composing(),
       "NAME=REF: set DST's images named NAME to REF's tag and digest, without --from "
       "(repeatable); REF may be :TAG or @DIGEST alone")
      ("branch", po::value<std::string>(&options.branch),
       "commit on this new branch, made from HEAD, leaving the working tree and index alone")
      ("push", po::bool_switch(&options.push),
       "push the branch; if the remote moved on, redo the promotion on its tip (3 attempts); "
       "never forces")
      ("remote", po::value<std::string>(&options.remote)->default_value("origin"),
       "the remote to push to")
      ("repo", po::value<std::string>(&options.repo_url),
       "URL: work on this remote repository in a cached clone of its own (needs --push)")
      ("dry-run", po::bool_switch(&options.dry_run),
       "print what would change as a git-style diff; commit nothing")
      ("verify-source", po::bool_switch(&options.verify_source),
       "first check through kubectl that SRC's app is synced at SRC's content and not drifted")
      ("source-app", po::value<std::string>(&options.source_app),
       "the app that syncs SRC, for --verify-source (default: derived as gitsync does)")
      ("record-namespace", po::value<std::string>(&options.record_namespace)
                               ->default_value(sync::kDefaultRecordNamespace),
       "where gitsync keeps app records, for --verify-source");
  // clang-format on
  command_line.add_common(options.common, {"text", "json"});
}

void validate(const Options& options, const cli::CommandLine& command_line) {
  if (!command_line.positional().empty()) {
    throw Error("unexpected argument " + quoted(command_line.positional().front()) +
                " (see 'kubectl gitpromote --help')");
  }
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
           const cli::CommonOptions& common) {
  if (common.output == "json") {
    std::cout << promote::present_json(outcome, request);
    return;
  }
  if (request.dry_run && !outcome.promotion.empty()) {
    // The diff alone on stdout, so that it can be piped to git apply; the rest is commentary.
    std::cout << promote::present_diff(outcome.promotion, common.use_color());
    std::cout.flush();
    std::cerr << promote::present_left_alone(outcome.promotion, request) << "dry run: would commit "
              << "on " << outcome.branch << ": "
              << outcome.message.substr(0, outcome.message.find('\n')) << "\n";
    return;
  }
  std::cout << promote::present_summary(outcome, request);
}

}  // namespace

int run(int argc, const char* const* argv) {
  Options options;
  cli::CommandLine command_line(info());
  add_flags(command_line, options);
  if (!command_line.parse(argc, argv))
    return 0;
  validate(options, command_line);

  const auto cwd = std::filesystem::current_path();
  const bool scratch = !options.repo_url.empty();
  const std::filesystem::path location =
      scratch ? promote::prepare_cached_clone(options.repo_url, promote::default_cache_root()).path
              : cwd;
  auto repository = git::Repository::discover(location);
  auto writer = scratch ? git::Writer::open(location) : git::Writer::discover(location);
  const auto request = make_request(options, scratch ? nullptr : &repository, cwd);

  if (options.verify_source) {
    kube::Kubectl kubectl(options.common.kubectl_options("kubectl-gitpromote"));
    promote::verify_source(kubectl, repository, request.from, repository.resolve(request.revision),
                           options.source_app, options.record_namespace);
  }
  const promote::Workspace workspace{&repository, &writer, scratch};
  print(promote::run_promotion(workspace, request), request, options.common);
  return 0;
}

}  // namespace gitops::gitpromote
