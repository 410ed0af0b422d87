#include "cli/common_options.hpp"

#include <algorithm>
#include <cstdlib>

#include "error.hpp"
#include "util/duration.hpp"

namespace gitops::cli {

namespace {

std::string join(const std::vector<std::string>& words) {
  std::string joined;
  for (const auto& word : words)
    joined += (joined.empty() ? "" : ", ") + word;
  return joined;
}

}  // namespace

void CommonOptions::add_flags(FlagTable& table, const std::vector<std::string>& formats) {
  output = formats.front();
  table.text("output", output, "output format: " + join(formats))
      .shorthand('o')
      .completes(ValueKind::format);
  table
      .text("color", this->color,
            "colour: auto (a terminal, unless NO_COLOR is set), always, never")
      .completes(ValueKind::color);
  table.level("verbose", verbosity, 1, "log every kubectl call on stderr").shorthand('v');
  table
      .text("kubectl", kubectl,
            "the kubectl binary to run (default: $KUBECTL, else kubectl from PATH)")
      .completes(ValueKind::file);
}

void CommonOptions::validate(const std::vector<std::string>& formats) const {
  if (std::find(formats.begin(), formats.end(), output) == formats.end()) {
    throw Error("unknown output format " + quoted(output) + " for --output (choose " +
                join(formats) + ")");
  }
  if (color != "auto" && color != "always" && color != "never")
    throw Error("unknown value " + quoted(color) + " for --color (choose auto, always, never)");
  // Checked here, before anything runs: kubectl would only refuse it once the proxy starts.
  if (kube.request_timeout && !util::duration_seconds(*kube.request_timeout)) {
    throw Error("--request-timeout takes a duration such as 30s, 5m or 1m30s, not " +
                quoted(*kube.request_timeout));
  }
}

kube::KubectlOptions CommonOptions::kubectl_options(const std::string& program,
                                                    std::ostream& log) const {
  kube::KubectlOptions options;
  options.flags = kube;
  options.timeout = kube::call_bound(kube.request_timeout);
  if (!kubectl.empty()) {
    options.binary = kubectl;
  } else if (const char* from_env = std::getenv("KUBECTL"); from_env && *from_env) {
    options.binary = from_env;
  }
  if (verbosity > 0) {
    options.log = [program, &log](const std::string& line) {
      log << program << ": " << line << "\n";
    };
  }
  return options;
}

bool CommonOptions::use_color(bool out_is_terminal) const {
  if (color == "always")
    return true;
  if (color == "never")
    return false;
  if (const char* no_color = std::getenv("NO_COLOR"); no_color && *no_color)
    return false;
  return out_is_terminal;
}

}  // namespace gitops::cli
