#include "render_options.hpp"

#include <memory>
#include <mutex>
#include <set>

#include "source/jsonnet.hpp"

namespace gitops::plugins {

pipeline::RenderOptions render_options(const cli::RenderFlags& flags,
                                       const cli::CommonOptions& common, const std::string& program,
                                       std::ostream& err, const std::string& app) {
  const auto kubectl = common.kubectl_options(program, err);
  pipeline::RenderOptions options;
  options.helm.binary = flags.helm;
  options.helm.timeout = kubectl.timeout;
  options.helm.log = kubectl.log;
  options.values_files = flags.values;
  options.set = flags.set;
  auto bind = [](const char* flag, const std::vector<std::string>& given,
                 source::JsonnetVars::Bindings& into) {
    for (const auto& text : given)
      into.push_back(source::jsonnet_binding(flag, text));
  };
  bind("ext-str", flags.ext_str, options.jsonnet.ext_str);
  bind("ext-code", flags.ext_code, options.jsonnet.ext_code);
  bind("tla-str", flags.tla_str, options.jsonnet.tla_str);
  bind("tla-code", flags.tla_code, options.jsonnet.tla_code);
  options.release = app;
  options.namespace_ = common.kube.namespace_.value_or("");
  // Both sides of --rev A..B may skip the same folders: said once.
  auto said = std::make_shared<std::set<std::string>>();
  auto mutex = std::make_shared<std::mutex>();
  options.note = [said, mutex, program, &err](const std::string& note) {
    std::lock_guard lock(*mutex);
    if (said->insert(note).second)
      err << program << ": note: " << note << "\n";
  };
  return options;
}

}  // namespace gitops::plugins
