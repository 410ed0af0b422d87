// Committing planned edits and pushing them, redone on the remote's tip when it moved on: what
// gitpromote and gitrevert share, on scratch repositories with a real bare remote.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "error.hpp"
#include "error_of.hpp"
#include "git/commit_and_push.hpp"
#include "git/destination.hpp"
#include "git/repository.hpp"
#include "git/writer.hpp"
#include "scratch_git.hpp"

namespace {

using gitops::testing::error_of;

using namespace gitops::git;
using gitops::testing::ScratchGit;

// Writes ours.yaml unless the base has it already, and remembers each base it planned on.
struct Planner {
  Repository repository;
  std::vector<Commit> bases;
  std::function<void()> on_plan = [] {};

  Edits operator()(const Commit& base) {
    bases.push_back(base);
    on_plan();
    if (repository.exists(base, "ours.yaml")) {
      return Edits{{}, "nothing"};
    }
    return Edits{{{"ours.yaml", "ours\n"}}, "add ours.yaml\n\nbody"};
  }
};

CommitAndPushRequest request_to(bool push, bool dry_run = false) {
  return CommitAndPushRequest{dry_run, push, "origin", "change", "try again"};
}

// A bare remote with one commit on main; ours is a clone of it with main checked out, and theirs
// another clone that moves the remote on.
struct Remote {
  ScratchGit bare{true};
  ScratchGit ours;
  std::unique_ptr<ScratchGit> theirs;
  std::unique_ptr<Planner> planner;
  Remote() {
    ours.write("a.yaml", "a: 1\n");
    ours.commit("first");
    ours.run("git remote add origin '" + bare.root().string() + "' && git push -q origin main");
    theirs = std::make_unique<ScratchGit>(bare, "clone");
    planner = std::make_unique<Planner>(Repository::discover(ours.root()));
  }

  // Theirs commits `path` and pushes it: the remote moves on.
  void push_theirs(const std::string& path, const std::string& content = "theirs\n") const {
    theirs->run("git pull -q --rebase origin main");
    theirs->write(path, content);
    theirs->commit("theirs: " + path);
    theirs->run("git push -q origin main");
  }

  // Ours commits what the planner plans on the checked-out main.
  CommitAndPushOutcome commit_and_push(const CommitAndPushRequest& request) const {
    const Repository repository = Repository::discover(ours.root());
    Writer writer = Writer::discover(ours.root());
    const Destination destination =
        choose_destination(repository, writer, DestinationRequest{std::nullopt, false, false});
    return gitops::git::commit_and_push(repository, writer, destination, request,
                                        [&](const Commit& base) { return (*planner)(base); });
  }

  const std::vector<Commit>& bases() const { return planner->bases; }
};

TEST(CommitAndPush, CommitsThePlannedEditsOnTheBranchAndTheWorkingTreeFollows) {
  Remote remote;
  const std::string first = remote.ours.git("rev-parse main");
  const CommitAndPushOutcome outcome = remote.commit_and_push(request_to(false));
  ASSERT_TRUE(outcome.commit);
  EXPECT_FALSE(outcome.pushed);
  EXPECT_EQ(outcome.push_attempts, 0);
  ASSERT_EQ(remote.bases().size(), 1u);
  EXPECT_EQ(remote.bases()[0].sha, first);
  EXPECT_EQ(remote.ours.git("rev-parse main"), outcome.commit->sha);
  EXPECT_EQ(remote.ours.git("rev-parse main~1"), first);
  EXPECT_EQ(remote.ours.git("log -1 --format='%B%an <%ae>' main"),
            "add ours.yaml\n\nbody\nAda Lovelace <ada@example.com>");
  EXPECT_EQ(remote.ours.read("ours.yaml"), "ours\n");
  EXPECT_EQ(remote.ours.git("status --porcelain"), "");
  EXPECT_EQ(remote.bare.git("rev-parse main"), first);
}

TEST(CommitAndPush, ADryRunPlansAndCommitsNothing) {
  Remote remote;
  const std::string first = remote.ours.git("rev-parse main");
  const CommitAndPushOutcome outcome = remote.commit_and_push(request_to(true, true));
  EXPECT_FALSE(outcome.commit);
  EXPECT_FALSE(outcome.pushed);
  EXPECT_EQ(remote.bases().size(), 1u);
  EXPECT_EQ(remote.ours.git("rev-parse main"), first);
  EXPECT_FALSE(std::filesystem::exists(remote.ours.root() / "ours.yaml"));
}

TEST(CommitAndPush, TheCheckSeesTheCommitBeforeTheBranchMovesAndCanRefuseIt) {
  Remote remote;
  const std::string first = remote.ours.git("rev-parse main");
  std::optional<Commit> checked;
  auto request = request_to(true);
  request.check = [&](const Commit& candidate) {
    checked = candidate;
    return false;
  };
  const CommitAndPushOutcome outcome = remote.commit_and_push(request);
  ASSERT_TRUE(checked);
  EXPECT_EQ(remote.ours.git("show " + checked->sha + ":ours.yaml"), "ours");
  EXPECT_EQ(remote.ours.git("rev-parse " + checked->sha + "~1"), first);
  EXPECT_TRUE(outcome.refused);
  EXPECT_FALSE(outcome.commit);
  EXPECT_FALSE(outcome.pushed);
  EXPECT_EQ(remote.ours.git("rev-parse main"), first);
  EXPECT_FALSE(std::filesystem::exists(remote.ours.root() / "ours.yaml"));
  EXPECT_EQ(remote.bare.git("rev-parse main"), first);
}

TEST(CommitAndPush, ACommitTheCheckAcceptsIsTheOneCommitted) {
  Remote remote;
  std::string checked;
  auto request = request_to(false);
  request.check = [&](const Commit& candidate) {
    checked = candidate.sha;
    return true;
  };
  const CommitAndPushOutcome outcome = remote.commit_and_push(request);
  ASSERT_TRUE(outcome.commit);
  EXPECT_EQ(outcome.commit->sha, checked);
  EXPECT_EQ(remote.ours.git("rev-parse main"), checked);
  EXPECT_EQ(remote.ours.read("ours.yaml"), "ours\n");
}

TEST(CommitAndPush, ADryRunIsCheckedToo) {
  Remote remote;
  const std::string first = remote.ours.git("rev-parse main");
  bool checked = false;
  auto request = request_to(false, true);
  request.check = [&](const Commit& candidate) {
    checked = remote.ours.git("show " + candidate.sha + ":ours.yaml") == "ours";
    return false;
  };
  const CommitAndPushOutcome outcome = remote.commit_and_push(request);
  EXPECT_TRUE(checked);
  EXPECT_TRUE(outcome.refused);
  EXPECT_EQ(remote.ours.git("rev-parse main"), first);
}

TEST(CommitAndPush, NothingToCommitCommitsAndPushesNothing) {
  Remote remote;
  remote.ours.write("ours.yaml", "ours\n");
  const std::string head = remote.ours.commit("ours already");
  const CommitAndPushOutcome outcome = remote.commit_and_push(request_to(true));
  EXPECT_FALSE(outcome.commit);
  EXPECT_FALSE(outcome.pushed);
  EXPECT_EQ(outcome.push_attempts, 0);
  EXPECT_EQ(remote.ours.git("rev-parse main"), head);
  EXPECT_NE(remote.bare.git("rev-parse main"), head);
}

TEST(CommitAndPush, PushesTheCommitInOneAttempt) {
  Remote remote;
  const CommitAndPushOutcome outcome = remote.commit_and_push(request_to(true));
  ASSERT_TRUE(outcome.commit);
  EXPECT_TRUE(outcome.pushed);
  EXPECT_EQ(outcome.push_attempts, 1);
  EXPECT_EQ(remote.bases().size(), 1u);
  EXPECT_EQ(remote.bare.git("rev-parse main"), outcome.commit->sha);
}

TEST(CommitAndPush, WhenTheRemoteMovedOnPlansAgainOnItsTipAndPushesThat) {
  Remote remote;
  remote.push_theirs("theirs.yaml");
  const std::string theirs = remote.bare.git("rev-parse main");
  const CommitAndPushOutcome outcome = remote.commit_and_push(request_to(true));
  ASSERT_TRUE(outcome.commit);
  EXPECT_TRUE(outcome.pushed);
  EXPECT_EQ(outcome.push_attempts, 2);
  ASSERT_EQ(remote.bases().size(), 2u);
  EXPECT_EQ(remote.bases()[1].sha, theirs);
  EXPECT_EQ(remote.bases()[1].revspec, "origin/main");
  EXPECT_EQ(remote.bare.git("rev-parse main"), outcome.commit->sha);
  EXPECT_EQ(remote.bare.git("rev-parse main~1"), theirs);
  EXPECT_EQ(remote.ours.git("rev-parse main"), outcome.commit->sha);
  EXPECT_EQ(remote.ours.read("theirs.yaml"), "theirs\n");
  EXPECT_EQ(remote.ours.read("ours.yaml"), "ours\n");
  EXPECT_EQ(remote.ours.git("status --porcelain"), "");
}

TEST(CommitAndPush, ARemoteThatAlreadyHasTheWorkRefusesAndNamesTheLocalCommit) {
  Remote remote;
  remote.push_theirs("ours.yaml", "ours\n");
  const std::string message = error_of([&] { remote.commit_and_push(request_to(true)); });
  const std::string local = remote.ours.git("rev-parse main").substr(0, 7);
  EXPECT_EQ(message, "'origin/main' already has this change; your local commit " + local +
                         " is not needed: drop it (git reset --keep origin/main)");
  EXPECT_EQ(remote.bases().size(), 2u);
}

TEST(CommitAndPush, GivesUpWhenTheRemoteMovesOnDuringEveryAttempt) {
  Remote remote;
  remote.planner->on_plan = [&] {
    remote.push_theirs("theirs-" + std::to_string(remote.bases().size()) + ".yaml");
  };
  const std::string message = error_of([&] { remote.commit_and_push(request_to(true)); });
  EXPECT_EQ(remote.bases().size(), 3u);
  EXPECT_EQ(message,
            "cannot push 'main' to 'origin': the remote moved on again during each of 3 attempts; "
            "the change is committed locally as " +
                remote.ours.git("rev-parse main").substr(0, 7) + "; try again");
  EXPECT_EQ(remote.ours.git("rev-parse main~1"), remote.theirs->git("rev-parse main~1"));
}

TEST(CommitAndPush, ABranchThatDivergedFromTheRemoteIsNotRedone) {
  Remote remote;
  remote.theirs->run("git commit -q --amend -m rewritten && git push -q -f origin main");
  const std::string message = error_of([&] { remote.commit_and_push(request_to(true)); });
  EXPECT_EQ(message,
            "cannot push 'main' to 'origin': your branch and 'origin/main' have diverged; the "
            "change is committed locally as " +
                remote.ours.git("rev-parse main").substr(0, 7) +
                "; pull (rebase) and push it yourself");
  EXPECT_EQ(remote.bases().size(), 1u);
}

}  // namespace
