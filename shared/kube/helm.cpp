#include "kube/helm.hpp"

#include <cstdlib>
#include <mutex>
#include <optional>
#include <regex>

#include "error.hpp"
#include "kube/kubectl.hpp"
#include "util/text.hpp"

namespace gitops::kube {

namespace {

constexpr const char* kHint = "(install helm 3.14 or newer, or set $HELM or --helm)";

std::string binary_of(const HelmOptions& options) {
  if (!options.binary.empty())
    return options.binary;
  if (const char* from_env = std::getenv("HELM"); from_env && *from_env)
    return from_env;
  return "helm";
}

// helm's own reason: its last "Error: " line, else its last line of stderr.
std::string helm_reason(const ProcessResult& result) {
  if (result.timed_out) {
    return "helm did not answer within " + std::to_string(result.timeout.count()) +
           "s: " + result.command;
  }
  std::string reason;
  for (auto line : util::lines_of(result.err)) {
    auto text = std::string(util::trimmed(line));
    if (text.rfind("Error: ", 0) == 0)
      reason = text.substr(7);
    else if (reason.empty() && !text.empty() && text.rfind("WARNING", 0) != 0)
      reason = text;
  }
  return reason.empty() ? "helm exited with code " + std::to_string(result.exit_code) : reason;
}

}  // namespace

bool helm_version_supported(const std::string& version) {
  static const std::regex pattern(R"(^v?(\d+)\.(\d+)(\.\d+)?([-+].*)?$)");
  std::smatch match;
  if (!std::regex_match(version, match, pattern))
    return false;
  const int major = std::stoi(match[1].str());
  const int minor = std::stoi(match[2].str());
  return major > 3 || (major == 3 && minor >= kHelmMinimumMinor);
}

struct Helm::Checked {
  std::once_flag once;
  std::optional<std::string> version;
  std::string failure;
};

Helm::Helm(HelmOptions options)
    : options_(std::move(options)), checked_(std::make_shared<Checked>()) {}

std::string Helm::binary() const {
  return binary_of(options_);
}

std::string Helm::version() const {
  std::call_once(checked_->once, [&] {
    const auto binary = binary_of(options_);
    try {
      auto result = run_tool({binary,
                              {"version", "--template", "{{.Version}}"},
                              options_.timeout,
                              kHint,
                              options_.log,
                              ""});
      auto version = std::string(util::trimmed(result.out));
      if (!result.ok())
        checked_->failure = "cannot run " + quoted(binary) + ": " + helm_reason(result);
      else if (!helm_version_supported(version))
        checked_->failure = quoted(binary) + " is helm " + (version.empty() ? "?" : version) +
                            "; charts need helm 3.14 or newer (set $HELM or --helm)";
      else
        checked_->version = version;
    } catch (const Error& error) {
      checked_->failure = error.what();
    }
  });
  if (!checked_->version)
    throw Error(checked_->failure);
  return *checked_->version;
}

std::string Helm::template_chart(const ChartTemplate& chart) const {
  version();
  std::vector<std::string> args = {"template",    chart.release,    chart.chart_folder,
                                   "--namespace", chart.namespace_, "--include-crds"};
  for (const auto& file : chart.values_files) {
    args.push_back("--values");
    args.push_back(file);
  }
  for (const auto& value : chart.set) {
    args.push_back("--set");
    args.push_back(value);
  }
  auto result = run_tool({binary_of(options_), args, options_.timeout, kHint, options_.log, ""});
  if (!result.ok())
    throw Error("cannot render the chart " + quoted(chart.display_name) + ": " +
                helm_reason(result));
  return std::move(result.out);
}

}  // namespace gitops::kube
