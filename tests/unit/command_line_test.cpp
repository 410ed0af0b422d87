// The command line every plugin parses: empty values and flags a mode ignores are refused.

#include "cli/command_line.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "error_of.hpp"

namespace gitops::testing {
namespace {

namespace po = boost::program_options;

struct Parsed {
  std::string app;
  bool prune = false;
  bool status = false;
  cli::CommonOptions common;
  cli::CommandLine command_line{{"gitsync", "[flags] [PATH...]", "Sync.", {}}};

  Parsed() {
    // clang-format off
    command_line.flags().add_options()
        ("app", po::value<std::string>(&app), "the app")
        ("prune", po::bool_switch(&prune), "prune")
        ("status", po::bool_switch(&status), "status");
    // clang-format on
    command_line.add_common(common, {"text", "json"});
  }

  void parse(std::vector<const char*> args) {
    args.insert(args.begin(), "kubectl-gitsync");
    command_line.parse(static_cast<int>(args.size()), args.data());
  }
};

TEST(CommandLine, EmptyValueOfAFlagIsRefusedNamingTheFlag) {
  Parsed parsed;
  EXPECT_EQ(error_of([&] {
              parsed.parse({"--app", ""});
            }),
            "--app was given an empty value (an unset variable?); give a value or leave the flag "
            "out");
}

TEST(CommandLine, EmptyValueOfAForwardedKubectlFlagIsRefused) {
  Parsed parsed;
  EXPECT_EQ(error_of([&] {
              parsed.parse({"--context", "", "app"});
            }),
            "--context was given an empty value (an unset variable?); give a value or leave the "
            "flag out");
}

TEST(CommandLine, EmptyPathIsRefused) {
  Parsed parsed;
  EXPECT_EQ(error_of([&] {
              parsed.parse({"app", ""});
            }),
            "an empty PATH was given (an unset variable?); name a file or folder");
}

TEST(CommandLine, DefaultsAndGivenValuesPass) {
  Parsed parsed;
  parsed.parse({"--app", "shop", "envs/prod"});
  EXPECT_EQ(parsed.app, "shop");
  EXPECT_EQ(parsed.command_line.positional(), std::vector<std::string>{"envs/prod"});
}

TEST(CommandLine, FlagTheModeIgnoresIsRefused) {
  Parsed parsed;
  parsed.parse({"--status", "--prune"});
  EXPECT_EQ(error_of([&] { parsed.command_line.refuse_given({"prune"}, "--status"); }),
            "--prune does not apply to --status");
}

TEST(CommandLine, FlagsLeftAtTheirDefaultAreNotRefused) {
  Parsed parsed;
  parsed.parse({"--status"});
  EXPECT_EQ(error_of([&] {
              parsed.command_line.refuse_given({"prune", "app"}, "--status");
            }),
            "(no error)");
}

}  // namespace
}  // namespace gitops::testing
