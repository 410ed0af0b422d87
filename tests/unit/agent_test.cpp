#include <string>

#include <gtest/gtest.h>

#include "agent/app_spec.hpp"
#include "agent/schedule.hpp"
#include "agent/webhook.hpp"
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

TEST(AgentSchedule, NextRoundIsTheIntervalLessAtMostATenthAtRandom) {
  EXPECT_EQ(next_round_in(60s, 0, 0.0), 60s);
  EXPECT_EQ(next_round_in(60s, 0, 0.5), 57s);
  EXPECT_GT(next_round_in(60s, 0, 0.999), 54s);
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
      "  context: prod\n  selfHeal: true\n  policy: true\n  interval: 2m\n- name: shop-dev\n"
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
  EXPECT_TRUE(apps[0].policy);
  EXPECT_FALSE(apps[1].policy);
}

TEST(AgentAppsFile, MistakesNameTheFileEntryAndKey) {
  EXPECT_EQ(error_of("apps:\n- name: a\n"),
            "cannot read 'apps.yaml': apps[0].repository is required");
  EXPECT_EQ(error_of("apps:\n- name: a\n  repository: r\n  selfheal: true\n"),
            "cannot read 'apps.yaml': apps[0].selfheal is not a key of an app (allowedSigners, "
            "branch, context, interval, knownHostsFile, name, namespace, passwordFile, paths, "
            "policy, prune, repository, "
            "revision, rollbackOnFailure, selfHeal, sshKeyFile, timeout, trustedKeys, "
            "usernameFile, verifySignatures, wait)");
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

TEST(AgentAppsFile, ARepositoryUrlNeedsABranchAndKeepsItsSignInFilesBesideTheFile) {
  const auto apps = parse_apps(
      "apps:\n- name: a\n  repository: https://git.example.com/platform.git\n  branch: main\n"
      "  passwordFile: token\n- name: b\n  repository: git@github.com:acme/platform.git\n"
      "  branch: main\n  sshKeyFile: /keys/deploy\n  knownHostsFile: known_hosts\n",
      "apps.yaml", "/srv/config", {});
  EXPECT_EQ(apps[0].repository, "https://git.example.com/platform.git");
  EXPECT_EQ(apps[0].password_file, "/srv/config/token");
  EXPECT_EQ(apps[1].repository, "git@github.com:acme/platform.git");
  EXPECT_EQ(apps[1].ssh_key_file, "/keys/deploy");
  EXPECT_EQ(apps[1].known_hosts_file, "/srv/config/known_hosts");
  EXPECT_EQ(error_of("apps:\n- {name: a, repository: 'https://h/r.git'}\n"),
            "cannot read 'apps.yaml': apps[0].branch is required with a repository URL (the "
            "branch to fetch each round)");
  EXPECT_EQ(error_of("apps:\n- {name: a, repository: ../r, passwordFile: p}\n"),
            "cannot read 'apps.yaml': apps[0].repository must be a URL for usernameFile, "
            "passwordFile, sshKeyFile or knownHostsFile");
}

TEST(AgentAppsFile, SignatureVerificationIsPerAppWithTrustFilesFromTheFilesFolder) {
  AppSpec defaults;
  defaults.verify = trust::VerifyMode::head;
  defaults.trust_roots.trusted_keys = "/etc/gitops/keys.asc";
  const auto apps = parse_apps(
      "apps:\n- name: prod\n  repository: /srv/p\n  verifySignatures: strict\n"
      "  allowedSigners: trust/allowed_signers\n- name: dev\n  repository: /srv/d\n",
      "apps.yaml", "/srv/config", defaults);
  ASSERT_EQ(apps.size(), 2u);
  EXPECT_EQ(apps[0].verify, trust::VerifyMode::strict);
  EXPECT_EQ(apps[0].trust_roots.allowed_signers, "/srv/config/trust/allowed_signers");
  EXPECT_EQ(apps[0].trust_roots.trusted_keys, "/etc/gitops/keys.asc");
  EXPECT_EQ(apps[1].verify, trust::VerifyMode::head);

  EXPECT_EQ(error_of("apps:\n- {name: a, repository: r, verifySignatures: all, trustedKeys: k}\n"),
            "cannot read 'apps.yaml': apps[0].verifySignatures must be head or strict, not 'all'");
  EXPECT_EQ(error_of("apps:\n- {name: a, repository: r, verifySignatures: head}\n"),
            "cannot read 'apps.yaml': apps[0].verifySignatures needs the keys to trust: "
            "allowedSigners or trustedKeys");
  EXPECT_EQ(error_of("apps:\n- {name: a, repository: r, allowedSigners: f}\n"),
            "cannot read 'apps.yaml': apps[0].allowedSigners names keys to verify signatures "
            "with: add verifySignatures (head or strict)");
}

TEST(AgentWebhook, HmacIsRfc4231sSha256) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(AgentWebhook, GitHubAndGitLabProofsAreCheckedAgainstTheSecret) {
  const std::string body = R"({"ref":"refs/heads/main"})";
  const auto signature = "sha256=" + hmac_sha256_hex("s3cret", body);
  EXPECT_TRUE(signed_with("s3cret", {{"x-hub-signature-256", signature}}, body));
  EXPECT_FALSE(signed_with("other", {{"x-hub-signature-256", signature}}, body));
  EXPECT_FALSE(signed_with("s3cret", {{"x-hub-signature-256", signature}}, body + " "));
  EXPECT_TRUE(signed_with("s3cret", {{"x-gitlab-token", "s3cret"}}, body));
  EXPECT_FALSE(signed_with("s3cret", {{"x-gitlab-token", "s3cre"}}, body));
  EXPECT_FALSE(signed_with("s3cret", {}, body)) << "an unsigned request is refused";
  EXPECT_FALSE(signed_with("", {{"x-gitlab-token", ""}}, body)) << "no secret, no webhooks";
}

TEST(AgentWebhook, OnlyPushesToBranchesNameABranch) {
  EXPECT_EQ(pushed_branch(R"({"ref":"refs/heads/release/1.2"})"), "release/1.2");
  EXPECT_EQ(pushed_branch(R"({"ref":"refs/tags/v1"})"), std::nullopt);
  EXPECT_EQ(pushed_branch(R"({"zen":"Keep it logically awesome."})"), std::nullopt);
  EXPECT_EQ(pushed_branch("not json"), std::nullopt);
}

}  // namespace
}  // namespace gitops::agent
