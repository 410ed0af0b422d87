#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace gitops::source {

// Variables as the jsonnet tool takes them: --ext-str, --ext-code, --tla-str, --tla-code.
struct JsonnetVars {
  using Bindings = std::vector<std::pair<std::string, std::string>>;
  Bindings ext_str, ext_code, tla_str, tla_code;
};

// "NAME=VALUE" -> {NAME, VALUE}; "NAME" alone takes the value of the environment variable NAME,
// as the jsonnet tool does. Throws Error naming `flag` for an empty name or an unset variable.
std::pair<std::string, std::string> jsonnet_binding(const std::string& flag,
                                                    const std::string& text);

// Evaluates `file` (relative to `root`, the export of a revision or the working tree) with
// libjsonnet into JSON text. An import resolves against the importing file's folder, then the
// library paths lib/ and vendor/ of the file's folder, then those of the root (first found wins);
// nothing outside `root` is read. Throws Error (invalid input) with jsonnet's message, the paths
// in it repository-relative.
std::string evaluate_jsonnet(const std::filesystem::path& root, const std::string& file,
                             const JsonnetVars& vars);

}  // namespace gitops::source
