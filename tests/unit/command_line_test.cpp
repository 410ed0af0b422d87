// The command line every plugin parses: empty values and flags a mode ignores are refused.

#include "cli/command_line.hpp"

#include "cli/common_options.hpp"
#include "cli/kubectl_flags.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "error_of.hpp"

namespace gitops::testing {
namespace {

struct Parsed {
  std::string app;
  bool prune = false;
  bool status = false;
  int steps = 0;
  cli::CommonOptions common;
  cli::CommandInfo info{"gitsync", "[flags] [PATH...]", "Sync.", {}, {"text", "json"}, true};
  cli::FlagTable table;
  cli::CommandLine command_line{info, table};

  Parsed() {
    table.text("app", app, "the app");
    table.toggle("prune", prune, "prune");
    table.toggle("status", status, "status");
    table.number("steps", steps, "steps");
    common.add_flags(table, info.formats);
    cli::add_kubectl_flags(table, common.kube);
  }

  void parse(const std::vector<std::string>& args) { command_line.parse(args); }
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

TEST(CommandLine, RepeatedFlagsCollectEveryValueAndSwitchesTakeNone) {
  Parsed parsed;
  parsed.parse({"--as-group", "a", "--as-group=b", "--prune", "-v"});
  EXPECT_EQ(parsed.common.kube.as_groups, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(parsed.prune);
  EXPECT_EQ(parsed.common.verbosity, 1);
  EXPECT_TRUE(parsed.command_line.given("prune"));
  EXPECT_FALSE(parsed.command_line.given("status"));
}

TEST(CommandLine, ANumberFlagRefusesWhatIsNoNumber) {
  Parsed parsed;
  EXPECT_EQ(error_of([&] {
              parsed.parse({"--steps", "two"});
            }),
            "--steps takes a whole number, not 'two'");
}

TEST(CommandLine, UnknownFlagPointsAtHelp) {
  Parsed parsed;
  EXPECT_EQ(error_of([&] { parsed.parse({"--prun"}); }),
            "unrecognised option '--prun' (see 'kubectl gitsync --help')");
}

TEST(CommandLine, PathsToACommandThatTakesNoneAreRefused) {
  Parsed parsed;
  parsed.info.takes_paths = false;
  EXPECT_EQ(error_of([&] { parsed.parse({"envs/prod"}); }),
            "unexpected argument 'envs/prod' (see 'kubectl gitsync --help')");
}

}  // namespace
}  // namespace gitops::testing
