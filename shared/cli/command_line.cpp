#include "cli/command_line.hpp"

#include <algorithm>
#include <iostream>
#include <sstream>

#include "error.hpp"

namespace po = boost::program_options;

namespace gitops::cli {

CommandLine::CommandLine(CommandInfo info) : info_(std::move(info)) {}

namespace {

template <typename Field>
auto store_into(Field& field) {
  return [&field](const std::string& value) { field = value; };
}

std::string join(const std::vector<std::string>& words, const char* separator) {
  std::string joined;
  for (const auto& word : words)
    joined += (joined.empty() ? "" : separator) + word;
  return joined;
}

bool holds_empty_text(const boost::any& value) {
  if (const auto* text = boost::any_cast<std::string>(&value))
    return text->empty();
  if (const auto* texts = boost::any_cast<std::vector<std::string>>(&value))
    return std::find(texts->begin(), texts->end(), "") != texts->end();
  return false;
}

// `--app "$APP"` with APP unset must not fall back to a default: the user meant a value.
void refuse_empty_values(const po::variables_map& values) {
  for (const auto& [name, value] : values) {
    if (value.defaulted() || !holds_empty_text(value.value()))
      continue;
    if (name == "path")
      throw Error("an empty PATH was given (an unset variable?); name a file or folder");
    throw Error("--" + name + " was given an empty value (an unset variable?); give a value or " +
                "leave the flag out");
  }
}

}  // namespace

void CommandLine::refuse_given(const std::vector<std::string>& flags,
                               const std::string& mode) const {
  for (const auto& flag : flags) {
    if (given(flag))
      throw Error("--" + flag + " does not apply to " + mode);
  }
}

void CommandLine::add_common(CommonOptions& common, const std::vector<std::string>& formats) {
  common_options_ = &common;
  formats_ = formats;
  common.output = formats.front();
  auto& kube = common.kube;
  // clang-format off
  common_.add_options()
      ("output,o", po::value<std::string>(&common.output)->default_value(formats.front()),
       ("output format: " + join(formats, ", ")).c_str())
      ("color", po::value<std::string>(&common.color)->default_value("auto"),
       "colour: auto (a terminal, unless NO_COLOR is set), always, never")
      ("verbose,v", po::value<int>(&common.verbosity)->implicit_value(1)->default_value(0),
       "log every kubectl call on stderr")
      ("kubectl", po::value<std::string>(&common.kubectl),
       "the kubectl binary to run (default: $KUBECTL, else kubectl from PATH)");
  // clang-format on
  // clang-format off
  kubectl_.add_options()
      ("kubeconfig", po::value<std::string>()->notifier(store_into(kube.kubeconfig)), "path to the kubeconfig file")
      ("context", po::value<std::string>()->notifier(store_into(kube.context)), "the kubeconfig context to use")
      ("cluster", po::value<std::string>()->notifier(store_into(kube.cluster)), "the kubeconfig cluster to use")
      ("user", po::value<std::string>()->notifier(store_into(kube.user)), "the kubeconfig user to use")
      ("namespace,n", po::value<std::string>()->notifier(store_into(kube.namespace_)),
       "the namespace for objects that declare none")
      ("as", po::value<std::string>()->notifier(store_into(kube.as)), "user to impersonate")
      ("as-group", po::value<std::vector<std::string>>(&kube.as_groups)->composing(),
       "group to impersonate (repeatable)")
      ("request-timeout", po::value<std::string>()->notifier(store_into(kube.request_timeout)),
       "timeout of each request kubectl makes (e.g. 30s)");
  // clang-format on
}

bool CommandLine::parse(int argc, const char* const* argv) {
  po::options_description meta;
  // clang-format off
  meta.add_options()("help,h", "show this help")("version", "print the version");
  // clang-format on
  po::options_description hidden;
  // clang-format off
  hidden.add_options()("path", po::value<std::vector<std::string>>(&positional_));
  // clang-format on
  po::options_description all;
  all.add(own_).add(common_).add(kubectl_).add(meta).add(hidden);
  po::positional_options_description positional;
  positional.add("path", -1);

  const std::string program = "kubectl " + info_.name;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
              values_);
    if (values_.count("help")) {
      std::cout << usage();
      return false;
    }
    if (values_.count("version")) {
      std::cout << "kubectl-" << info_.name << " version v" << GITOPS_VERSION << "\n";
      return false;
    }
    po::notify(values_);
    refuse_empty_values(values_);
  } catch (const po::error& error) {
    throw Error(std::string(error.what()) + " (see '" + program + " --help')");
  }
  if (common_options_) {
    const auto& output = common_options_->output;
    if (std::find(formats_.begin(), formats_.end(), output) == formats_.end()) {
      throw Error("unknown output format " + quoted(output) + " for --output (choose " +
                  join(formats_, ", ") + ")");
    }
    const auto& color = common_options_->color;
    if (color != "auto" && color != "always" && color != "never") {
      throw Error("unknown value " + quoted(color) + " for --color (choose auto, always, never)");
    }
  }
  return true;
}

std::string CommandLine::usage() const {
  std::ostringstream out;
  out << info_.summary << "\n\nUsage:\n  kubectl " << info_.name << " " << info_.synopsis << "\n";
  if (!info_.examples.empty()) {
    out << "\nExamples:\n";
    for (const auto& example : info_.examples) {
      std::istringstream lines(example);
      for (std::string line; std::getline(lines, line);)
        out << "  " << line << "\n";
      out << "\n";
    }
  }
  out << own_;
  if (common_options_)
    out << "\n" << common_ << "\n" << kubectl_;
  out << "\n  -h [ --help ]             show this help\n"
         "  --version                 print the version\n";
  return out.str();
}

}  // namespace gitops::cli
