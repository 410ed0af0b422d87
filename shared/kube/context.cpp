#include "kube/context.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <optional>

#include <nlohmann/json.hpp>

#include "error.hpp"
#include "util/cache.hpp"

namespace gitops::kube {

namespace {

constexpr const char* kNoCurrentContext =
    "no current context in the kubeconfig: set one or pass --context";

// The entry of a kubeconfig list ("contexts", "clusters") with that name, else the first.
const nlohmann::json* entry_named(const nlohmann::json& config, const char* list,
                                  const std::string& name) {
  const auto entries = config.find(list);
  if (entries == config.end() || !entries->is_array() || entries->empty()) {
    return nullptr;
  }
  for (const auto& entry : *entries) {
    if (entry.value("name", "") == name) {
      return &entry;
    }
  }
  return &entries->front();
}

std::string string_at(const nlohmann::json* entry, const char* object, const char* field) {
  if (entry == nullptr || !entry->contains(object) || !(*entry)[object].is_object()) {
    return {};
  }
  return (*entry)[object].value(field, "");
}

// The files kubectl reads its configuration from, as it chooses them.
std::vector<std::string> kubeconfig_files(const GlobalFlags& flags) {
  if (flags.kubeconfig)
    return {*flags.kubeconfig};
  if (const char* list = std::getenv("KUBECONFIG"); list != nullptr && *list != '\0') {
    std::vector<std::string> files;
    std::string_view rest = list;
    while (!rest.empty()) {
      const auto end = rest.find(':');
      if (end != 0)
        files.emplace_back(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
    return files;
  }
  const char* home = std::getenv("HOME");
  return home && *home ? std::vector<std::string>{std::string(home) + "/.kube/config"}
                       : std::vector<std::string>{};
}

// `kubectl config view --minify` answers from the kubeconfig files and the flags alone, so its
// answer is cached under a key made of both, the files' content included: an edited kubeconfig is
// read afresh. nullopt when kubectl reads no file (in a pod, it uses the pod's service account).
std::optional<std::filesystem::path> target_cache_file(const KubectlOptions& options) {
  std::string key = options.binary;
  for (const auto& flag : options.flags.to_args())
    key += '\0' + flag;
  bool read_any = false;
  for (const auto& file : kubeconfig_files(options.flags)) {
    auto content = util::read_cached(file);
    key += '\0' + file + '\0' + content.value_or("(none)");
    read_any = read_any || content.has_value();
  }
  if (!read_any)
    return std::nullopt;
  return util::cache_file("targets", key, ".json");
}

// kubectl says "current-context must exist" of a --kubeconfig it cannot read: name the file, as
// kubectl's other commands do.
void require_readable_kubeconfig(const GlobalFlags& flags) {
  if (!flags.kubeconfig)
    return;
  const int fd = ::open(flags.kubeconfig->c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::close(fd);
    return;
  }
  const int error = errno;
  std::string reason = error == ENOENT || error == ENOTDIR ? "no such file" : std::strerror(error);
  reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
  throw Error("cannot read kubeconfig " + quoted(*flags.kubeconfig) + ": " + reason);
}

std::optional<ClusterTarget> cached_target(const std::filesystem::path& file) {
  auto text = util::read_cached(file);
  if (!text)
    return std::nullopt;
  auto json = nlohmann::json::parse(*text, nullptr, false);
  if (!json.is_object())
    return std::nullopt;
  return ClusterTarget{json.value("context", ""), json.value("server", ""),
                       json.value("namespace", "")};
}

}  // namespace

ClusterTarget parse_target(std::string_view minified_config_json, const GlobalFlags& flags) {
  nlohmann::json config;
  try {
    config = nlohmann::json::parse(minified_config_json);
  } catch (const nlohmann::json::exception& error) {
    throw Error("cannot read 'kubectl config view' output: " + std::string(error.what()));
  }
  ClusterTarget target;
  target.context = flags.context ? *flags.context : config.value("current-context", "");
  if (target.context.empty()) {
    throw Error(kNoCurrentContext);
  }
  const auto* context = entry_named(config, "contexts", target.context);
  const auto cluster_name =
      flags.cluster ? *flags.cluster : string_at(context, "context", "cluster");
  target.server = string_at(entry_named(config, "clusters", cluster_name), "cluster", "server");
  target.namespace_ =
      flags.namespace_ ? *flags.namespace_ : string_at(context, "context", "namespace");
  if (target.namespace_.empty()) {
    target.namespace_ = "default";
  }
  return target;
}

ClusterTarget current_target(const Kubectl& kubectl) {
  const auto cache = target_cache_file(kubectl.options());
  if (cache) {
    if (auto target = cached_target(*cache))
      return *target;
  }
  const auto result = kubectl.run({{"config", "view", "--minify", "-o", "json"}, ""});
  if (!result.ok()) {
    if (!result.timed_out)
      require_readable_kubeconfig(kubectl.options().flags);
    if (result.err.find("current-context must exist") != std::string::npos) {
      throw Error(kNoCurrentContext);
    }
    throw_kubectl_failure(result, "cannot read the kubeconfig");
  }
  auto target = parse_target(result.out, kubectl.options().flags);
  if (cache) {
    nlohmann::json record = {
        {"context", target.context}, {"server", target.server}, {"namespace", target.namespace_}};
    util::store_cached(*cache, record.dump());
  }
  return target;
}

}  // namespace gitops::kube
