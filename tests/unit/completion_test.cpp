#include "cli/completion.hpp"

#include "commands.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace gitops::cli {
namespace {

using Words = std::vector<std::string>;

// The spec completion derives from the plugin's own flag table.
const PluginSpec& spec(const std::string& plugin) {
  static std::map<std::string, PluginSpec> specs;
  if (!specs.contains(plugin)) {
    auto command = plugins::make_command(plugin);
    specs[plugin] = plugin_spec(command->info(), flag_table(*command));
  }
  return specs.at(plugin);
}

std::string complete(const char* plugin, const Words& words) {
  const auto request = parse_completion_words(spec(plugin), words);
  return render_completion(request, table_candidates(spec(plugin), request),
                           directive_for(request));
}

TEST(Completion, KnowsTheFourPluginsOnly) {
  for (const char* plugin : {"gitdiff", "gitsync", "gitpromote", "gitrevert"}) {
    EXPECT_NE(plugins::make_command(plugin), nullptr) << plugin;
  }
  EXPECT_EQ(plugins::make_command("gitfoo"), nullptr);
}

TEST(Completion, ListsOutputFormatsAfterTheOutputFlag) {
  EXPECT_EQ(complete("gitdiff", {"-o", ""}), "diff\njson\nmarkdown\nsummary\n:4\n");
  EXPECT_EQ(complete("gitsync", {"envs/prod", "--output", "j"}), "json\n:4\n");
  EXPECT_EQ(complete("gitdiff", {"--output=m"}), "--output=markdown\n:4\n");
  EXPECT_EQ(complete("gitdiff", {"-oj"}), "-ojson\n:4\n");
}

TEST(Completion, ListsColourModes) {
  EXPECT_EQ(complete("gitpromote", {"--color", "a"}), "auto\nalways\n:4\n");
}

TEST(Completion, CompletesFlagNamesByPrefixWithoutFiles) {
  EXPECT_EQ(complete("gitsync", {"--dr"}), "--dry-run\n:4\n");
  EXPECT_EQ(complete("gitdiff", {"--re"}),
            "--rev\n--repo\n--record-namespace\n--request-timeout\n:4\n");
}

TEST(Completion, OffersEveryFlagOnADash) {
  const std::string lines = complete("gitrevert", {"-"});
  for (const char* flag : {"--list\n", "--cluster-only\n", "-o\n", "-n\n", "--help\n"}) {
    EXPECT_NE(lines.find(flag), std::string::npos) << flag;
  }
}

TEST(Completion, LeavesPathsToTheShell) {
  EXPECT_EQ(complete("gitdiff", {"--rev", "main", ""}), ":0\n");
  EXPECT_EQ(complete("gitsync", {"--", "-odd-name"}), ":0\n");
  EXPECT_EQ(complete("gitdiff", {"--kubeconfig", ""}), ":0\n");
  EXPECT_EQ(complete("gitdiff", {"--repo", ""}), ":16\n");
  EXPECT_EQ(complete("gitpromote", {"--from", "envs/"}), ":16\n");
}

TEST(Completion, OffersFlagsWhereAPluginTakesNoPaths) {
  EXPECT_NE(complete("gitpromote", {""}).find("--from\n"), std::string::npos);
  EXPECT_EQ(complete("gitpromote", {"envs"}), ":4\n");
}

TEST(Completion, OffersNothingForFreeTextValues) {
  EXPECT_EQ(complete("gitdiff", {"--ignore", ""}), ":4\n");
  EXPECT_EQ(complete("gitrevert", {"--steps", ""}), ":4\n");
}

TEST(Completion, AsksForRevisionsAfterRevisionFlags) {
  auto request = parse_completion_words(spec("gitdiff"), {"--rev", "ma"});
  EXPECT_EQ(request.want, Want::flag_value);
  EXPECT_EQ(request.value, ValueKind::revision);
  EXPECT_EQ(request.typed, "ma");
  EXPECT_EQ(parse_completion_words(spec("gitrevert"), {"--to", ""}).value, ValueKind::revision);
  EXPECT_EQ(parse_completion_words(spec("gitrevert"), {"--commit", ""}).value, ValueKind::revision);
  // gitpromote's --to is a folder.
  EXPECT_EQ(parse_completion_words(spec("gitpromote"), {"--to", ""}).value, ValueKind::folder);
}

TEST(Completion, CompletesTheSecondRevisionOfARange) {
  const auto request = parse_completion_words(spec("gitdiff"), {"--rev=main..fe"});
  EXPECT_EQ(request.lead, "--rev=main..");
  EXPECT_EQ(request.typed, "fe");
  EXPECT_EQ(render_completion(request, {"feature", "main"}, Directive::no_files),
            "--rev=main..feature\n:4\n");
  EXPECT_EQ(parse_completion_words(spec("gitdiff"), {"--rev", "a...b"}).lead, "a...");
}

TEST(Completion, RemembersTheFlagsBeforeTheWord) {
  const auto request = parse_completion_words(
      spec("gitsync"),
      {"--context", "prod", "--record-namespace=records", "-n", "shop", "envs", "--app", ""});
  EXPECT_EQ(request.value, ValueKind::app);
  EXPECT_EQ(request.given.at("context"), "prod");
  EXPECT_EQ(request.given.at("record-namespace"), "records");
  EXPECT_EQ(request.given.at("namespace"), "shop");
}

TEST(Completion, ASwitchTakesNoValue) {
  // --dry-run is a switch: the word after it is a PATH again.
  EXPECT_EQ(complete("gitsync", {"--dry-run", ""}), ":0\n");
  EXPECT_EQ(complete("gitsync", {"--dry-run=x"}), ":4\n");
}

}  // namespace
}  // namespace gitops::cli
