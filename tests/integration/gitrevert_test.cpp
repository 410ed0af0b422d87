// kubectl gitrevert against the local cluster: each test syncs its own app (v1, v2, v3 of a
// folder) into its own namespace, with its own record namespace, then rolls it back.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fixture.hpp"
#include "util/base64.hpp"

namespace gitops::testing {
namespace {

std::string config_map(const std::string& ns, const std::string& name, const std::string& value) {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + ns +
         "\ndata:\n  key: \"" + value + "\"\n";
}

class GitRevert : public ClusterTest {
 protected:
  GitRevert() : ClusterTest("gr") {}
  void SetUp() override {
    ClusterTest::SetUp();
    // The git seam commits as the configured identity.
    repo_.git("config user.name 'Test Author'");
    repo_.git("config user.email author@example.com");
  }

  RunResult gitsync(std::vector<std::string> args) {
    args.insert(args.end(), {"--app", app_, "--record-namespace", records_});
    return run_plugin("gitsync", args, repo_.path());
  }
  RunResult gitrevert(std::vector<std::string> args = {}) {
    args.insert(args.end(), {"--app", app_, "--record-namespace", records_});
    return run_plugin("gitrevert", args, repo_.path());
  }

  // Three synced revisions of app/: the ConfigMap `config` says v1, v2, v3; app/one.yaml (v1) is
  // replaced by app/two.yaml (v2), then by app/three.yaml (v3); notes.txt, outside the app,
  // changes each time too.
  void sync_three_versions() {
    const char* extra[] = {"one", "two", "three"};
    for (int version = 1; version <= 3; ++version) {
      const std::string v = "v" + std::to_string(version);
      repo_.write("app/config.yaml", config_map(ns_, "config", v));
      if (version > 1)
        repo_.remove("app/" + std::string(extra[version - 2]) + ".yaml");
      repo_.write("app/" + std::string(extra[version - 1]) + ".yaml",
                  config_map(ns_, extra[version - 1], v));
      repo_.write("notes.txt", "notes " + v + "\n");
      sha_[version] = repo_.commit(v);
      auto synced = gitsync({"app", "--prune"});
      ASSERT_EQ(synced.exit_code, 0) << synced.out << synced.err;
    }
  }

  std::string git(const std::string& args) {
    auto result = repo_.git(args);
    EXPECT_EQ(result.exit_code, 0) << args << "\n" << result.err;
    while (!result.out.empty() && result.out.back() == '\n')
      result.out.pop_back();
    return result.out;
  }
  std::string head() { return git("rev-parse HEAD"); }
  std::string trailer(const std::string& key) {
    return git("log -1 " + shell_quote("--format=%(trailers:key=" + key + ",valueonly)"));
  }
  std::string value(const std::string& config) {
    return kubectl("get configmap " + config + " -n " + ns_ + " -o jsonpath={.data.key}").out;
  }
  bool exists(const std::string& object) {
    return kubectl("get " + object + " -n " + ns_ + " -o name", "", false).exit_code == 0;
  }
  // The revert commit restores app/ as it was at `version` and changes nothing else.
  void expect_app_restored_to(int version) {
    EXPECT_EQ(git("diff --name-only " + sha_[version] + " HEAD -- app"), "");
    EXPECT_EQ(git("diff --name-only HEAD~1 HEAD -- . ':!app'"), "");
    EXPECT_EQ(git("show HEAD:notes.txt"), "notes v3");
    EXPECT_EQ(trailer("Reverts-to"), sha_[version]);
    EXPECT_EQ(trailer("Reverted-from"), sha_[3]);
  }
  void expect_one_line_error(const RunResult& result, const std::string& message) {
    EXPECT_GE(result.exit_code, 2);
    EXPECT_EQ(result.err, "kubectl-gitrevert: error: " + message + "\n");
  }

  std::string app_ = unique_name("app");
  std::string sha_[4];
};

TEST_F(GitRevert, DefaultRevertsTheFolderToThePreviousSyncedRevisionInOneCommit) {
  sync_three_versions();
  auto result = gitrevert();
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(git("rev-parse HEAD~1"), sha_[3]);
  EXPECT_EQ(git("log -1 --format=%s"), "revert app to " + sha_[2].substr(0, 7) + ": v2");
  EXPECT_EQ(git("diff --no-renames --name-status HEAD~1 HEAD"),
            "M\tapp/config.yaml\nD\tapp/three.yaml\nA\tapp/two.yaml");
  expect_app_restored_to(2);
  EXPECT_EQ(repo_.read("app/two.yaml"), config_map(ns_, "two", "v2"));
  EXPECT_EQ(git("status --porcelain"), "");
  EXPECT_NE(result.out.find("committed " + head().substr(0, 7) + " on main"), std::string::npos)
      << result.out;
  EXPECT_EQ(value("config"), "v3");  // without --sync the cluster is left alone
}

TEST_F(GitRevert, ToAndStepsGoBackToTheRevisionTheyName) {
  sync_three_versions();
  auto to = gitrevert({"--to", sha_[1].substr(0, 7)});
  ASSERT_EQ(to.exit_code, 0) << to.err;
  expect_app_restored_to(1);
  EXPECT_EQ(git("diff --no-renames --name-status HEAD~1 HEAD"),
            "M\tapp/config.yaml\nA\tapp/one.yaml\nD\tapp/three.yaml");
  const std::string reverted_tree = git("rev-parse HEAD^{tree}");

  git("reset -q --hard HEAD~1");
  auto steps = gitrevert({"--steps", "2"});
  ASSERT_EQ(steps.exit_code, 0) << steps.err;
  expect_app_restored_to(1);
  EXPECT_EQ(git("rev-parse HEAD^{tree}"), reverted_tree);
}

TEST_F(GitRevert, SyncBringsTheClusterToTheRevertAndTheHistoryRecordsIt) {
  sync_three_versions();
  auto result = gitrevert({"--sync"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(value("config"), "v2");
  EXPECT_TRUE(exists("configmap/two"));
  EXPECT_FALSE(exists("configmap/three"));  // the app was synced with --prune: so is the revert
  auto list = gitrevert({"--list", "-o", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto entry = nlohmann::json::parse(list.out)["history"][0];
  EXPECT_EQ(entry["kind"], "revert");
  EXPECT_EQ(entry["commit"], head());
  EXPECT_EQ(entry["result"], "succeeded");
  EXPECT_EQ(entry["live"], true);
  auto text = gitrevert({"--list"});
  EXPECT_NE(text.out.find("succeeded (revert)"), std::string::npos) << text.out;
}

TEST_F(GitRevert, JsonDescribesTheRevertAndItsSync) {
  sync_three_versions();
  auto result = gitrevert({"--sync", "-o", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["kind"], "RevertResult");
  EXPECT_EQ(json["app"], app_);
  EXPECT_EQ(json["mode"], "restore");
  EXPECT_EQ(json["target"]["commit"], sha_[2]);
  EXPECT_EQ(json["target"]["subject"], "v2");
  EXPECT_EQ(json["commit"], head());
  EXPECT_EQ(json["branch"], "main");
  EXPECT_EQ(json["files"], nlohmann::json({"app/config.yaml", "app/three.yaml", "app/two.yaml"}));
  EXPECT_EQ(json["sync"]["kind"], "SyncResult");
  EXPECT_EQ(json["sync"]["result"], "succeeded");
  EXPECT_EQ(json["sync"]["revision"]["commit"], head());
}

TEST_F(GitRevert, DryRunPrintsTheDiffAndCommitsNothing) {
  sync_three_versions();
  auto result = gitrevert({"--dry-run"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(head(), sha_[3]);
  EXPECT_NE(result.out.find("diff --git a/app/two.yaml b/app/two.yaml\nnew file mode 100644\n"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("-  key: \"v3\"\n+  key: \"v2\"\n"), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("dry run: would commit on main: revert app to " + sha_[2].substr(0, 7)),
            std::string::npos)
      << result.err;
}

TEST_F(GitRevert, AlreadyRevertedFoldersCommitNothingAndSaySo) {
  sync_three_versions();
  repo_.write("app/config.yaml", config_map(ns_, "config", "v2"));
  repo_.remove("app/three.yaml");
  repo_.write("app/two.yaml", config_map(ns_, "two", "v2"));
  const std::string by_hand = repo_.commit("reverted by hand");
  auto result = gitrevert();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "nothing to revert: app already matches " + sha_[2].substr(0, 7) + " (v2)\n");
  EXPECT_EQ(head(), by_hand);
  EXPECT_EQ(value("config"), "v3");

  // With --sync the folders are synced as they are: a rerun finishes a revert whose sync failed.
  auto synced = gitrevert({"--sync"});
  ASSERT_EQ(synced.exit_code, 0) << synced.err;
  EXPECT_EQ(synced.out.rfind("nothing to revert: app already matches", 0), 0u) << synced.out;
  EXPECT_EQ(head(), by_hand);
  EXPECT_EQ(value("config"), "v2");
}

TEST_F(GitRevert, CommitUndoesOneCommitInsideTheFolderOnly) {
  sync_three_versions();
  repo_.write("app/extra.yaml", config_map(ns_, "extra", "x"));
  repo_.write("notes.txt", "notes v4\n");
  const std::string extra = repo_.commit("add extra");
  auto result = gitrevert({"--commit", extra.substr(0, 7), "--sync"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(git("log -1 --format=%s"), "revert " + extra.substr(0, 7) + " in app: add extra");
  EXPECT_EQ(trailer("Reverts"), extra);
  EXPECT_EQ(git("diff --no-renames --name-status HEAD~1 HEAD"), "D\tapp/extra.yaml");
  EXPECT_EQ(repo_.read("notes.txt"), "notes v4\n");
  EXPECT_FALSE(exists("configmap/extra"));
  EXPECT_EQ(value("config"), "v3");
}

TEST_F(GitRevert, CommitThatNoLongerRevertsCleanlyIsRefusedWithNothingChanged) {
  sync_three_versions();
  // v3 changed the line v2 changed: undoing v2 alone conflicts.
  auto result = gitrevert({"--commit", sha_[2]});
  expect_one_line_error(
      result, "cannot revert " + sha_[2].substr(0, 7) + " cleanly: 'app/config.yaml' conflicts");
  EXPECT_EQ(head(), sha_[3]);
  EXPECT_EQ(git("status --porcelain"), "");
}

TEST_F(GitRevert, ClusterOnlyPinsGitsyncRefusesUntilUnpinned) {
  sync_three_versions();
  auto rolled_back = gitrevert({"--cluster-only"});
  ASSERT_EQ(rolled_back.exit_code, 0) << rolled_back.out << rolled_back.err;
  EXPECT_EQ(value("config"), "v2");
  EXPECT_EQ(head(), sha_[3]);

  auto refused = gitsync({"app"});
  EXPECT_GE(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("pinned"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--unpin"), std::string::npos) << refused.err;
  EXPECT_EQ(value("config"), "v2");

  // A revert in git with --sync is refused too, before it commits anything.
  auto revert_sync = gitrevert({"--sync"});
  EXPECT_GE(revert_sync.exit_code, 2);
  EXPECT_NE(revert_sync.err.find("pinned"), std::string::npos) << revert_sync.err;
  EXPECT_EQ(head(), sha_[3]);

  auto unpinned = gitrevert({"--unpin"});
  ASSERT_EQ(unpinned.exit_code, 0) << unpinned.err;
  auto synced = gitsync({"app"});
  ASSERT_EQ(synced.exit_code, 0) << synced.out << synced.err;
  EXPECT_EQ(value("config"), "v3");
}

TEST_F(GitRevert, PinnedAppRevertCatchesGitUpWithTheClusterThenUnpinKeepsIt) {
  sync_three_versions();
  ASSERT_EQ(gitrevert({"--cluster-only"}).exit_code, 0);
  auto caught_up = gitrevert();
  ASSERT_EQ(caught_up.exit_code, 0) << caught_up.out << caught_up.err;
  EXPECT_NE(head(), sha_[3]);
  EXPECT_EQ(trailer("Reverts-to"), sha_[2]);
  EXPECT_EQ(trailer("Reverted-from"), sha_[3]);
  EXPECT_EQ(repo_.read("app/config.yaml"), config_map(ns_, "config", "v2"));
  ASSERT_EQ(gitrevert({"--unpin"}).exit_code, 0);
  auto synced = gitsync({"app"});
  ASSERT_EQ(synced.exit_code, 0) << synced.out << synced.err;
  EXPECT_EQ(value("config"), "v2");
}

TEST_F(GitRevert, UncommittedChangesInTheFolderRefuseWithNothingChanged) {
  sync_three_versions();
  const std::string edited = config_map(ns_, "config", "mine");
  repo_.write("app/config.yaml", edited);
  auto result = gitrevert({"--sync"});
  expect_one_line_error(result,
                        "'app/config.yaml' has uncommitted changes; commit or stash them first");
  EXPECT_EQ(head(), sha_[3]);
  EXPECT_EQ(repo_.read("app/config.yaml"), edited);
  EXPECT_EQ(value("config"), "v3");
}

TEST_F(GitRevert, LockedIndexRefusesWithHeadIndexAndWorkingTreeAsTheyWere) {
  sync_three_versions();
  repo_.write(".git/index.lock", "");
  auto result = gitrevert({"--to", sha_[1].substr(0, 7), "--sync"});
  expect_one_line_error(result,
                        "cannot lock the index: '.git/index.lock' exists; another git process "
                        "seems to be running in this repository (if none is, remove the file and "
                        "run the command again)");
  EXPECT_EQ(head(), sha_[3]);
  repo_.remove(".git/index.lock");
  EXPECT_EQ(git("status --porcelain"), "");
  EXPECT_EQ(value("config"), "v3");
}

TEST_F(GitRevert, FlagsTheModeIgnoresAreRefusedAndChangeNothing) {
  sync_three_versions();
  ASSERT_EQ(gitrevert({"--cluster-only", "--steps", "1"}).exit_code, 0);
  expect_one_line_error(gitrevert({"--unpin", "--dry-run"}), "--dry-run does not apply to --unpin");
  expect_one_line_error(gitrevert({"--list", "--to", sha_[1]}), "--to does not apply to --list");
  EXPECT_EQ(gitsync({"app"}).exit_code, 2);  // still pinned
  EXPECT_EQ(head(), sha_[3]);
}

TEST_F(GitRevert, DetachedHeadNeedsABranchWhichLeavesTheCheckoutAlone) {
  sync_three_versions();
  git("checkout -q --detach");
  expect_one_line_error(gitrevert(),
                        "HEAD is detached: name a new branch to commit on (--branch NAME)");
  auto result = gitrevert({"--branch", "revert-app"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(head(), sha_[3]);
  EXPECT_EQ(git("rev-parse revert-app~1"), sha_[3]);
  EXPECT_EQ(git("diff --name-only " + sha_[2] + " revert-app -- app"), "");
}

TEST_F(GitRevert, AppWithoutHistoryUnknownAppAndRevisionOutsideTheHistoryAreOneLineErrors) {
  repo_.write("app/config.yaml", config_map(ns_, "config", "v1"));
  repo_.commit("never synced");
  kubectl("create namespace " + records_);
  kubectl("apply -n " + records_,
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gitsync-" + app_ +
              "\ndata:\n  app.json: '{\"name\":\"" + app_ +
              "\",\"paths\":[\"app\"],\"prune\":false}'\n  objects.json: '[]'\n"
              "  history.json: '[]'\n  pin.json: 'null'\n");
  expect_one_line_error(gitrevert(), "app '" + app_ + "' has no successful sync to roll back to");

  auto unknown = run_plugin("gitrevert", {"--app", "no-such-app", "--record-namespace", records_},
                            repo_.path());
  expect_one_line_error(unknown, "unknown app 'no-such-app': no sync record in namespace '" +
                                     records_ + "' (it was never synced there)");

  kubectl("delete configmap gitsync-" + app_ + " -n " + records_);
  ASSERT_EQ(gitsync({"app"}).exit_code, 0);
  repo_.write("app/config.yaml", config_map(ns_, "config", "v2"));
  repo_.commit("v2");
  ASSERT_EQ(gitsync({"app"}).exit_code, 0);
  const std::string outside = repo_.commit("not synced");
  expect_one_line_error(gitrevert({"--to", outside}),
                        "revision " + outside.substr(0, 7) +
                            " is not in the sync history of app '" + app_ +
                            "' (see kubectl gitrevert --list --app " + app_ + ")");
  EXPECT_EQ(head(), outside);
}

// Secrets: a revert shows which keys change, never a value, whatever the output.
class GitRevertSecrets : public GitRevert {
 protected:
  // Version `v` of a Secret whose every value is distinctive: a plain line, a block scalar, and
  // base64 in data, all ending in "Zq7x".
  std::string secret(const std::string& v) const {
    return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: " + ns_ +
           "\ntype: Opaque\nstringData:\n  password: \"" + v + "-Pl41n-Zq7x\"\n  cert: |\n    " +
           v + "-line-one-Zq7x\n    " + v +
           "-line-two-Zq7x\ndata:\n  token: " + util::base64_encode(v + "-T0k3n-Zq7x") + "\n";
  }

  // Two synced revisions of app/secret.yaml, committed as sha_[1] and sha_[2].
  void sync_two_secrets() {
    for (int version = 1; version <= 2; ++version) {
      repo_.write("app/secret.yaml", secret("v" + std::to_string(version)));
      sha_[version] = repo_.commit("v" + std::to_string(version));
      auto synced = gitsync({"app"});
      ASSERT_EQ(synced.exit_code, 0) << synced.out << synced.err;
    }
  }

  // Fails for any value of either version (or its base64) in `text`, even a part of one.
  static void expect_no_value(const std::string& what, const std::string& text) {
    EXPECT_EQ(text.find("Zq7x"), std::string::npos) << what << " leaks a value:\n" << text;
    for (const std::string v : {"v1", "v2"}) {
      for (const std::string& value :
           {v + "-Pl41n-Zq7x", v + "-line-one-Zq7x", v + "-line-two-Zq7x", v + "-T0k3n-Zq7x"}) {
        EXPECT_EQ(text.find(util::base64_encode(value)), std::string::npos)
            << what << " leaks the base64 of " << value << ":\n"
            << text;
      }
    }
  }

  RunResult revert_secret(const std::vector<std::string>& args) {
    std::string line;
    for (const std::string& arg : args)
      line += " " + arg;
    auto result = gitrevert(args);
    EXPECT_EQ(result.exit_code, 0) << line << "\n" << result.out << result.err;
    expect_no_value("stdout of" + line, result.out);
    expect_no_value("stderr of" + line, result.err);
    return result;
  }
};

TEST_F(GitRevertSecrets, RevertOfASecretNamesKeysNotValuesInDryRunAndCommit) {
  sync_two_secrets();
  const std::string to = sha_[1].substr(0, 7);
  auto text = revert_secret({"--to", to, "--dry-run"});
  EXPECT_EQ(text.out,
            "diff --git a/app/secret.yaml b/app/secret.yaml\n"
            "--- a/app/secret.yaml\n+++ b/app/secret.yaml\n"
            "@@ -1,11 +1,11 @@\n apiVersion: v1\n data:\n"
            "-  token: \"*** (before)\"\n+  token: \"*** (after)\"\n"
            " kind: Secret\n metadata:\n   name: db\n   namespace: " +
                ns_ +
                "\n stringData:\n"
                "-  cert: \"*** (before)\"\n-  password: \"*** (before)\"\n"
                "+  cert: \"*** (after)\"\n+  password: \"*** (after)\"\n type: Opaque\n");
  revert_secret({"--to", to, "--dry-run", "-v"});
  revert_secret({"--to", to, "--dry-run", "--verbose=9", "--color", "always"});
  revert_secret({"--to", to, "--dry-run", "-o", "json", "-v"});
  revert_secret({"--commit", sha_[2].substr(0, 7), "--dry-run", "-v"});
  EXPECT_EQ(head(), sha_[2]);

  revert_secret({"--to", sha_[1].substr(0, 7), "--sync", "-v"});
  expect_no_value("the commit message", git("log -1 --format=%B"));
  EXPECT_EQ(repo_.read("app/secret.yaml"), secret("v1"));
  EXPECT_EQ(kubectl("get secret db -n " + ns_ + " -o jsonpath={.data.password}").out,
            util::base64_encode("v1-Pl41n-Zq7x"));

  git("reset -q --hard " + sha_[2]);
  revert_secret({"--to", sha_[1].substr(0, 7), "-o", "json", "-v"});
  expect_no_value("the commit message", git("log -1 --format=%B"));
}

// Kustomize secretGenerators: a revert shows the generator's literals as KEY=*** and no content of
// the files it reads, whatever the output.
class GitRevertSecretGenerator : public GitRevertSecrets {
 protected:
  // Two synced revisions of app/, a kustomization whose generator has a literal, an env file and a
  // keyed file, every value ending in "Wv9j"; committed as sha_[1] and sha_[2].
  void sync_two_generators() {
    for (int version = 1; version <= 2; ++version) {
      const std::string v = "v" + std::to_string(version);
      repo_.write("app/kustomization.yaml",
                  "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: " +
                      ns_ + "\nsecretGenerator:\n- name: db\n  literals:\n  - password=" + v +
                      "-hunter2-Wv9j\n  - user=admin\n  envs: [db.env]\n"
                      "  files: [token=secrets/token.txt]\n");
      repo_.write("app/db.env", "DB_PASSWORD=" + v + "-env-Wv9j\n");
      repo_.write("app/secrets/token.txt", v + "-token-Wv9j\n");
      sha_[version] = repo_.commit(v);
      auto synced = gitsync({"app"});
      ASSERT_EQ(synced.exit_code, 0) << synced.out << synced.err;
    }
  }

  static void expect_no_generated_value(const std::string& what, const std::string& text) {
    for (const std::string value : {"Wv9j", "hunter2", "DB_PASSWORD"}) {
      EXPECT_EQ(text.find(value), std::string::npos) << what << " leaks a value:\n" << text;
    }
    for (const std::string v : {"v1", "v2"}) {
      for (const std::string& value : {v + "-hunter2-Wv9j", v + "-env-Wv9j", v + "-token-Wv9j"}) {
        EXPECT_EQ(text.find(util::base64_encode(value)), std::string::npos)
            << what << " leaks the base64 of " << value << ":\n"
            << text;
      }
    }
  }

  RunResult revert_generator(const std::vector<std::string>& args) {
    auto result = revert_secret(args);
    expect_no_generated_value("stdout", result.out);
    expect_no_generated_value("stderr", result.err);
    return result;
  }
};

TEST_F(GitRevertSecretGenerator, RevertNamesLiteralKeysAndHidesTheFilesTheGeneratorReads) {
  sync_two_generators();
  const std::string to = sha_[1].substr(0, 7);
  auto text = revert_generator({"--to", to, "--dry-run"});
  const std::string hidden =
      "@@ -1,2 +1,2 @@\n # values hidden: a kustomize secretGenerator reads this file\n"
      "-*** (before)\n+*** (after)\n";
  EXPECT_EQ(text.out, "diff --git a/app/db.env b/app/db.env\n--- a/app/db.env\n+++ b/app/db.env\n" +
                          hidden +
                          "diff --git a/app/kustomization.yaml b/app/kustomization.yaml\n"
                          "--- a/app/kustomization.yaml\n+++ b/app/kustomization.yaml\n"
                          "@@ -7,6 +7,6 @@\n   files:\n"
                          "   - token=secrets/token.txt\n   literals:\n"
                          "-  - password=*** (before)\n+  - password=*** (after)\n"
                          "   - user=***\n   name: db\n"
                          "diff --git a/app/secrets/token.txt b/app/secrets/token.txt\n"
                          "--- a/app/secrets/token.txt\n+++ b/app/secrets/token.txt\n" +
                          hidden);
  revert_generator({"--to", to, "--dry-run", "-v"});
  revert_generator({"--to", to, "--dry-run", "--verbose=9", "--color", "always"});
  revert_generator({"--to", to, "--dry-run", "-o", "json", "-v"});
  revert_generator({"--commit", sha_[2].substr(0, 7), "--dry-run", "-v"});
  EXPECT_EQ(head(), sha_[2]);

  revert_generator({"--to", to, "--sync", "-v"});
  expect_no_generated_value("the commit message", git("log -1 --format=%B"));
  EXPECT_EQ(repo_.read("app/db.env"), "DB_PASSWORD=v1-env-Wv9j\n");
  EXPECT_NE(kubectl("get secrets -n " + ns_ + " -o jsonpath={.items[*].data.password}")
                .out.find(util::base64_encode("v1-hunter2-Wv9j")),
            std::string::npos);

  git("reset -q --hard " + sha_[2]);
  revert_generator({"--to", to, "-o", "json", "-v"});
  expect_no_generated_value("the commit message", git("log -1 --format=%B"));
}

}  // namespace
}  // namespace gitops::testing
