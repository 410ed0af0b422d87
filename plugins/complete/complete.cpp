#include "complete.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/command.hpp"
#include "cli/completion.hpp"
#include "cli/kubectl_flags.hpp"
#include "commands.hpp"
#include "error.hpp"
#include "git/refs.hpp"
#include "sync/app_record.hpp"
#include "sync/record_store.hpp"

namespace gitops::complete {
namespace {

using cli::CompletionRequest;

std::optional<std::string> given(const CompletionRequest& request, const std::string& flag) {
  const auto found = request.given.find(flag);
  if (found == request.given.end())
    return std::nullopt;
  return found->second;
}

// gitpromote's --repo is a URL; the others' a folder.
bool repo_is_a_folder(const cli::PluginSpec& plugin) {
  for (const auto& flag : plugin.flags) {
    if (flag.name == "repo")
      return flag.value == cli::ValueKind::folder;
  }
  return false;
}

// Branches and tags of the repository the plugin would read: --repo (a folder), else the one
// around the current directory.
std::vector<std::string> revisions(const cli::PluginSpec& plugin,
                                   const CompletionRequest& request) {
  std::filesystem::path start = std::filesystem::current_path();
  if (const auto repo = given(request, "repo"); repo && repo_is_a_folder(plugin))
    start = *repo;
  auto names = git::list_refs(git::Writer::discover(start));
  names.insert(names.begin(), "HEAD");
  return names;
}

// The apps recorded in the cluster the plugin would talk to, with the kubectl flags given so far,
// read through the same table the plugins parse them with.
std::vector<std::string> apps(const std::string& program, const CompletionRequest& request) {
  cli::CommonOptions common;
  cli::FlagTable table;
  common.add_flags(table, {"text"});
  cli::add_kubectl_flags(table, common.kube);
  for (const auto& [name, value] : request.given) {
    if (const auto* flag = table.find(name); flag && name != "output")
      flag->store(value);
  }
  if (!common.kube.request_timeout)
    common.kube.request_timeout = "5s";
  auto options = common.kubectl_options(program, std::cerr);
  options.timeout = std::chrono::seconds(10);
  const auto record_namespace =
      given(request, "record-namespace").value_or(sync::kDefaultRecordNamespace);
  auto names = sync::list_apps(kube::Kubectl(options), record_namespace);
  std::erase(names, "");
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

std::string plugin_from_program(const std::string& argv0) {
  const std::string name = std::filesystem::path(argv0).filename().string();
  const std::string prefix = "kubectl_complete-";
  return name.starts_with(prefix) ? name.substr(prefix.size()) : "";
}

int run(const std::string& plugin_name, const std::vector<std::string>& words) {
  auto command = plugins::make_command(plugin_name);
  if (command == nullptr) {
    throw Error("unknown plugin " + quoted(plugin_name) +
                ": run this program as kubectl_complete-gitdiff (or -gitsync, -gitpromote, "
                "-gitrevert)");
  }
  const auto spec = cli::plugin_spec(command->info(), cli::flag_table(*command));
  const cli::PluginSpec* plugin = &spec;
  const auto request = cli::parse_completion_words(*plugin, words);
  auto candidates = cli::table_candidates(*plugin, request);
  auto directive = cli::directive_for(request);
  try {
    if (request.want == cli::Want::flag_value && request.value == cli::ValueKind::revision) {
      candidates = revisions(*plugin, request);
    } else if (request.want == cli::Want::flag_value && request.value == cli::ValueKind::app) {
      candidates = apps("kubectl_complete-" + plugin_name, request);
    }
  } catch (const Error&) {
    // Not in a repository, or no cluster: nothing to offer, and the shell should not guess.
    directive = cli::Directive::error;
  }
  std::cout << cli::render_completion(request, candidates, directive);
  return 0;
}

}  // namespace gitops::complete
