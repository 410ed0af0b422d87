#include "cli/command_line.hpp"

#include <boost/program_options.hpp>

#include "error.hpp"

namespace po = boost::program_options;

namespace gitops::cli {

namespace {

// The option program_options parses for one flag of the table.
void describe(po::options_description& options, const Flag& flag) {
  const std::string names =
      flag.short_name ? flag.name + "," + std::string(1, flag.short_name) : flag.name;
  if (flag.is_switch()) {
    options.add_options()(names.c_str(), po::bool_switch());
  } else if (flag.repeatable) {
    options.add_options()(names.c_str(), po::value<std::vector<std::string>>()->composing());
  } else if (!flag.implicit_value.empty()) {
    options.add_options()(names.c_str(),
                          po::value<std::string>()->implicit_value(flag.implicit_value));
  } else {
    options.add_options()(names.c_str(), po::value<std::string>());
  }
}

// `--app "$APP"` with APP unset must not fall back to a default: the user meant a value.
void refuse_empty(const std::string& flag, const std::string& value) {
  if (!value.empty())
    return;
  throw Error("--" + flag + " was given an empty value (an unset variable?); give a value or " +
                  "leave the flag out",
              ErrorKind::invalid_input);
}

}  // namespace

CommandLine::CommandLine(const CommandInfo& info, const FlagTable& table)
    : info_(info), table_(table) {}

CommandLine::Parsed CommandLine::parse(const std::vector<std::string>& args) {
  po::options_description options;
  for (const auto& flag : table_.flags())
    describe(options, flag);
  options.add_options()("path", po::value<std::vector<std::string>>());
  po::positional_options_description paths;
  paths.add("path", -1);

  po::variables_map values;
  try {
    // No abbreviations: cobra takes none, and --p must not quietly mean --prune.
    const int style =
        po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(args).options(options).positional(paths).style(style).run(),
              values);
  } catch (const po::error& error) {
    throw Error(std::string(error.what()) + " (see 'kubectl " + info_.name + " --help')",
                ErrorKind::invalid_input);
  }
  if (values.count("help") && values["help"].as<bool>())
    return Parsed::help;
  if (values.count("version") && values["version"].as<bool>())
    return Parsed::version;

  for (const auto& flag : table_.flags()) {
    if (!values.count(flag.name) || values[flag.name].defaulted())
      continue;
    const auto& value = values[flag.name].value();
    if (flag.is_switch()) {
      if (!boost::any_cast<bool>(value))
        continue;
      flag.store("true");
    } else if (flag.repeatable) {
      for (const auto& each : boost::any_cast<std::vector<std::string>>(value)) {
        refuse_empty(flag.name, each);
        flag.store(each);
      }
    } else {
      const auto& text = boost::any_cast<const std::string&>(value);
      refuse_empty(flag.name, text);
      flag.store(text);
    }
    given_.insert(flag.name);
  }
  if (values.count("path"))
    positional_ = values["path"].as<std::vector<std::string>>();
  for (const auto& path : positional_) {
    if (!info_.takes_paths) {
      throw Error(
          "unexpected argument " + quoted(path) + " (see 'kubectl " + info_.name + " --help')",
          ErrorKind::invalid_input);
    }
    if (path.empty()) {
      throw Error("an empty PATH was given (an unset variable?); name a file or folder",
                  ErrorKind::invalid_input);
    }
  }
  return Parsed::run;
}

void CommandLine::refuse_given(const std::vector<std::string>& flags,
                               const std::string& mode) const {
  for (const auto& flag : flags) {
    if (given(flag))
      throw Error("--" + flag + " does not apply to " + mode, ErrorKind::invalid_input);
  }
}

}  // namespace gitops::cli
