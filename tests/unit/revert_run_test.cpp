// gitrevert's commits, from the app's folders to a (pushed) commit, on real repositories.

#include <gtest/gtest.h>

#include <functional>

#include "error.hpp"
#include "error_of.hpp"
#include "git/repository.hpp"
#include "git/writer.hpp"
#include "revert/present_revert.hpp"
#include "revert/run_revert.hpp"
#include "scratch_git.hpp"

namespace {

using gitops::testing::error_of;

using namespace gitops::revert;
using gitops::git::Repository;
using gitops::git::Writer;
using gitops::testing::ScratchGit;

// v1 and v2 of an app in envs/prod (v2 changes config.yaml, removes old.yaml, adds
// sub/new.yaml), and a later commit outside it; main is checked out at `head`.
struct History {
  ScratchGit repo;
  std::string v1, v2, head;
  History() {
    repo.write("envs/prod/config.yaml", "key: v1\n");
    repo.write("envs/prod/old.yaml", "old: true\n");
    repo.write("README", "hello\n");
    v1 = repo.commit("v1");
    repo.write("envs/prod/config.yaml", "key: v2\n");
    repo.run("git rm -q envs/prod/old.yaml");
    repo.write("envs/prod/sub/new.yaml", "new: true\n");
    v2 = repo.commit("v2");
    repo.write("README", "hello again\n");
    head = repo.commit("docs");
  }

  Outcome revert_to(const std::string& target, Request request = {}) const {
    auto repository = Repository::discover(repo.root());
    auto writer = Writer::discover(repo.root());
    request.paths = {"envs/prod"};
    request.target = repository.resolve(target);
    request.live_sha = v2;
    return run_revert(repository, writer, request);
  }
};

TEST(RunRevert, CommitsOneRevertOnTheCurrentBranchAndTheWorkingTreeFollows) {
  History history;
  auto outcome = history.revert_to(history.v1);
  ASSERT_TRUE(outcome.commit);
  ScratchGit& repo = history.repo;
  EXPECT_EQ(repo.git("rev-parse main"), outcome.commit->sha);
  EXPECT_EQ(repo.git("rev-parse main~1"), history.head);
  EXPECT_EQ(repo.git("diff --name-only " + history.v1 + " main -- envs/prod"), "");
  EXPECT_EQ(repo.git("diff --name-status " + history.head + " main"),
            "M\tenvs/prod/config.yaml\nA\tenvs/prod/old.yaml\nD\tenvs/prod/sub/new.yaml");
  EXPECT_EQ(repo.git("log -1 --format=%B main"),
            "revert envs/prod to " + history.v1.substr(0, 7) +
                ": v1\n\n"
                "- update envs/prod/config.yaml\n- restore envs/prod/old.yaml\n"
                "- remove envs/prod/sub/new.yaml\n\n"
                "Reverts-to: " +
                history.v1 + "\nReverted-from: " + history.v2);
  EXPECT_EQ(repo.git("log -1 --format='%(trailers:key=Reverts-to,valueonly)' main"), history.v1);
  EXPECT_EQ(repo.read("envs/prod/old.yaml"), "old: true\n");
  EXPECT_FALSE(std::filesystem::exists(repo.root() / "envs/prod/sub/new.yaml"));
  EXPECT_EQ(repo.read("README"), "hello again\n");
  EXPECT_EQ(repo.git("status --porcelain"), "");
}

TEST(RunRevert, FoldersThatAlreadyMatchTheTargetCommitNothing) {
  History history;
  auto outcome = history.revert_to(history.v2);
  EXPECT_TRUE(outcome.empty());
  EXPECT_FALSE(outcome.commit);
  EXPECT_EQ(history.repo.git("rev-parse HEAD"), history.head);
  Request request;
  request.paths = {"envs/prod"};
  request.target = Repository::discover(history.repo.root()).resolve(history.v2);
  EXPECT_EQ(present_revert_text(outcome, request),
            "nothing to revert: envs/prod already matches " + history.v2.substr(0, 7) + " (v2)\n");
}

TEST(RunRevert, AnUncommittedFileInTheFoldersRefusesWithNothingChanged) {
  History history;
  history.repo.write("envs/prod/config.yaml", "key: mine\n");
  EXPECT_EQ(error_of([&] { history.revert_to(history.v1); }),
            "'envs/prod/config.yaml' has uncommitted changes; commit or stash them first");
  EXPECT_EQ(history.repo.git("rev-parse HEAD"), history.head);
  EXPECT_EQ(history.repo.read("envs/prod/config.yaml"), "key: mine\n");
}

TEST(RunRevert, AnUntrackedFileInTheFoldersRefuses) {
  History history;
  history.repo.write("envs/prod/draft.yaml", "draft: true\n");
  EXPECT_EQ(error_of([&] { history.revert_to(history.v1); }),
            "'envs/prod/draft.yaml' has uncommitted changes; commit or stash them first");
  EXPECT_EQ(history.repo.git("rev-parse HEAD"), history.head);
}

TEST(RunRevert, UncommittedChangesOutsideTheFoldersAreLeftAsTheyAre) {
  History history;
  history.repo.write("README", "my edit\n");
  auto outcome = history.revert_to(history.v1);
  ASSERT_TRUE(outcome.commit);
  EXPECT_EQ(history.repo.read("README"), "my edit\n");
  EXPECT_EQ(history.repo.git("show main:README"), "hello again");
}

TEST(RunRevert, ADetachedHeadNeedsANewBranch) {
  History history;
  history.repo.run("git checkout -q --detach");
  EXPECT_EQ(error_of([&] { history.revert_to(history.v1); }),
            "HEAD is detached: name a new branch to commit on (--branch NAME)");
  Request request;
  request.new_branch = "revert-prod";
  auto outcome = history.revert_to(history.v1, request);
  ASSERT_TRUE(outcome.commit);
  EXPECT_EQ(history.repo.git("rev-parse revert-prod"), outcome.commit->sha);
  EXPECT_EQ(history.repo.git("rev-parse HEAD"), history.head);
}

TEST(RunRevert, ANewBranchLeavesTheWorkingTreeAndIndexAlone) {
  History history;
  history.repo.write("envs/prod/config.yaml", "key: mine\n");
  Request request;
  request.new_branch = "revert-prod";
  auto outcome = history.revert_to(history.v1, request);
  ASSERT_TRUE(outcome.commit);
  EXPECT_EQ(outcome.branch, "revert-prod");
  EXPECT_EQ(history.repo.git("rev-parse revert-prod~1"), history.head);
  EXPECT_EQ(history.repo.git("rev-parse main"), history.head);
  EXPECT_EQ(history.repo.read("envs/prod/config.yaml"), "key: mine\n");
  EXPECT_EQ(history.repo.git("status --porcelain"), " M envs/prod/config.yaml");
}

TEST(RunRevert, DryRunCommitsNothingAndItsDiffAppliesWithGitApply) {
  History history;
  Request request;
  request.dry_run = true;
  auto outcome = history.revert_to(history.v1, request);
  EXPECT_FALSE(outcome.commit);
  EXPECT_EQ(history.repo.git("rev-parse HEAD"), history.head);
  EXPECT_EQ(present_dry_run_note(outcome), "dry run: would commit on main: revert envs/prod to " +
                                               history.v1.substr(0, 7) + ": v1\n");
  const std::string diff = present_revert_diff(outcome, false);
  EXPECT_NE(diff.find("deleted file mode 100644\n--- a/envs/prod/sub/new.yaml\n+++ /dev/null\n"),
            std::string::npos)
      << diff;
  history.repo.write(".git/revert.diff", diff);
  history.repo.run("git apply --index .git/revert.diff");
  EXPECT_EQ(history.repo.git("diff --name-only " + history.v1 + " -- envs/prod"), "");
}

TEST(RunRevert, UndoCommitsTheRevertOfOneCommitWithTheRevertsTrailer) {
  History history;
  auto repository = Repository::discover(history.repo.root());
  auto writer = Writer::discover(history.repo.root());
  Request request;
  request.mode = Mode::undo;
  request.paths = {"envs/prod"};
  request.target = repository.resolve(history.v2);
  auto outcome = run_revert(repository, writer, request);
  ASSERT_TRUE(outcome.commit);
  EXPECT_EQ(history.repo.git("log -1 --format=%B"),
            "revert " + history.v2.substr(0, 7) +
                " in envs/prod: v2\n\n"
                "- update envs/prod/config.yaml\n- restore envs/prod/old.yaml\n"
                "- remove envs/prod/sub/new.yaml\n\nReverts: " +
                history.v2);
  EXPECT_EQ(history.repo.git("diff --name-only " + history.v1 + " HEAD -- envs/prod"), "");
}

TEST(RunRevert, PushIsRedoneOnTheRemoteTipWhenTheRemoteMovedOn) {
  ScratchGit origin(true);
  History history;
  history.repo.run("git remote add origin '" + origin.root().string() +
                   "' && git push -q origin main");
  ScratchGit theirs(origin, "clone");
  theirs.write("theirs.txt", "theirs\n");
  theirs.commit("theirs");
  theirs.run("git push -q origin main");

  Request request;
  request.push = true;
  auto outcome = history.revert_to(history.v1, request);
  EXPECT_TRUE(outcome.pushed);
  EXPECT_EQ(outcome.push_attempts, 2);
  EXPECT_EQ(origin.git("log --format=%s -2 main"),
            "revert envs/prod to " + history.v1.substr(0, 7) + ": v1\ntheirs");
  EXPECT_EQ(history.repo.git("rev-parse HEAD"), origin.git("rev-parse main"));
  EXPECT_EQ(history.repo.read("theirs.txt"), "theirs\n");
}

}  // namespace
