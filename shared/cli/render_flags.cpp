#include "cli/render_flags.hpp"

#include "error.hpp"

namespace gitops::cli {

void RenderFlags::add_flags(FlagTable& table) {
  table.start_section("Rendering flags");
  table
      .text("helm", helm,
            "the helm (3.14 or newer) that renders charts (default: $HELM, else helm from PATH)")
      .completes(ValueKind::file);
  table
      .texts("values", values,
             "a values file (repository path) for every chart, after its values.yaml (repeatable)")
      .completes(ValueKind::file);
  table.texts("set", set, "KEY=VALUE for every chart, as helm's --set takes it (repeatable)");
  table.texts("ext-str", ext_str,
              "NAME=VALUE: a Jsonnet external string (NAME alone: from the environment)");
  table.texts("ext-code", ext_code, "NAME=CODE: a Jsonnet external variable given as code");
  table.texts("tla-str", tla_str, "NAME=VALUE: a string for a Jsonnet top-level argument");
  table.texts("tla-code", tla_code, "NAME=CODE: a Jsonnet top-level argument given as code");
  table.start_section("Flags");
}

void RenderFlags::validate() const {
  for (const auto& value : set) {
    if (value.empty() || value.front() == '=' || value.find('=') == std::string::npos)
      throw Error("--set needs KEY=VALUE, not " + quoted(value));
  }
  const std::pair<const char*, const std::vector<std::string>*> vars[] = {{"ext-str", &ext_str},
                                                                          {"ext-code", &ext_code},
                                                                          {"tla-str", &tla_str},
                                                                          {"tla-code", &tla_code}};
  for (const auto& [flag, given] : vars) {
    for (const auto& value : *given) {
      if (value.empty() || value.front() == '=')
        throw Error("--" + std::string(flag) + " needs NAME=VALUE, not " + quoted(value));
    }
  }
}

}  // namespace gitops::cli
