#include <string>

#include <gtest/gtest.h>

#include "agent/app_spec.hpp"
#include "agent/schedule.hpp"
#include "error.hpp"

namespace gitops::agent {
namespace {

using namespace std::chrono_literals;

std::string error_of(const std::string& text) {
  try {
    parse_apps(text, "apps.yaml", "/srv", {});
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

TEST(AgentSchedule, NextRoundIsTheIntervalPlusAtMostATenthAtRandom) {
  EXPECT_EQ(next_round_in(60s, 0, 0.0), 60s);
  EXPECT_EQ(next_round_in(60s, 0, 0.5), 63s);
  EXPECT_LT(next_round_in(60s, 0, 0.999), 66s);
}

TEST(AgentSchedule, FailedRoundsBackOffTwiceAsLongUpToTheCap) {
  EXPECT_EQ(next_round_in(60s, 1, 0.0), 60s);
  EXPECT_EQ(next_round_in(60s, 2, 0.0), 120s);
  EXPECT_EQ(next_round_in(60s, 3, 0.0), 240s);
  EXPECT_EQ(next_round_in(60s, 30, 0.0), kBackoffCap);
  EXPECT_EQ(next_round_in(30min, 5, 0.0), 30min) << "an interval above the cap is the cap";
}

TEST(AgentAppsFile, EntriesTakeTheFlagsAsDefaultsAndResolveRepositoriesFromTheFile) {
  AppSpec defaults;
  defaults.prune = true;
  defaults.interval = 30s;
  const auto apps = parse_apps(
      "apps:\n- name: shop-prod\n  repository: ../platform\n  branch: main\n  paths: [envs/prod]\n"
      "  context: prod\n  selfHeal: true\n  interval: 2m\n- name: shop-dev\n"
      "  repository: /srv/dev\n  prune: false\n",
      "apps.yaml", "/srv/config", defaults);
  ASSERT_EQ(apps.size(), 2u);
  EXPECT_EQ(apps[0].repository, "/srv/platform");
  EXPECT_EQ(apps[0].target_revision(), "refs/remotes/origin/main");
  EXPECT_EQ(apps[0].paths, std::vector<std::string>{"envs/prod"});
  EXPECT_EQ(apps[0].context, "prod");
  EXPECT_TRUE(apps[0].self_heal);
  EXPECT_TRUE(apps[0].prune);
  EXPECT_EQ(apps[0].interval, 2min);
  EXPECT_EQ(apps[1].target_revision(), "HEAD");
  EXPECT_FALSE(apps[1].prune);
  EXPECT_EQ(apps[1].interval, 30s);
}

TEST(AgentAppsFile, MistakesNameTheFileEntryAndKey) {
  EXPECT_EQ(error_of("apps:\n- name: a\n"),
            "cannot read 'apps.yaml': apps[0].repository is required");
  EXPECT_EQ(error_of("apps:\n- name: a\n  repository: r\n  selfheal: true\n"),
            "cannot read 'apps.yaml': apps[0].selfheal is not a key of an app (branch, context, "
            "interval, name, namespace, paths, prune, repository, revision, rollbackOnFailure, "
            "selfHeal, timeout, wait)");
  EXPECT_EQ(
      error_of("apps:\n- name: a\n  repository: r\n  interval: soon\n"),
      "cannot read 'apps.yaml': apps[0].interval must be a duration such as 30s, 5m or 1m30s");
  EXPECT_EQ(error_of("apps:\n- {name: a, repository: r}\n- {name: a, repository: s}\n"),
            "cannot read 'apps.yaml': apps[1].name 'a' is already the name of another app");
  EXPECT_EQ(error_of("apps: []\n"), "cannot read 'apps.yaml': it lists no apps");
  EXPECT_EQ(error_of("- name: a\n"),
            "cannot read 'apps.yaml': expected one document with a list 'apps'");
  EXPECT_NE(error_of("apps:\n- {name: Bad_Name, repository: r}\n").find("apps[0].name invalid"),
            std::string::npos);
}

}  // namespace
}  // namespace gitops::agent
