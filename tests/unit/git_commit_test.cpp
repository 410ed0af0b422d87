// The write side of the git seam, on real repositories made with the git CLI.

#include <gtest/gtest.h>

#include <functional>

#include "error.hpp"
#include "error_of.hpp"
#include "git/commit.hpp"
#include "git/graph.hpp"
#include "git/head.hpp"
#include "git/identity.hpp"
#include "git/repository.hpp"
#include "git/status.hpp"
#include "git/writer.hpp"
#include "scratch_git.hpp"

namespace {

using gitops::testing::error_of;

using namespace gitops::git;
using gitops::testing::ScratchGit;

const Signature kAuthor{"Pat Promoter", "pat@example.com"};

// main with two commits: app.yaml, tool.sh (executable), other.yaml.
struct Fixture {
  ScratchGit repo;
  std::string base;
  Fixture() {
    repo.write("envs/prod/app.yaml", "image: web:1\n");
    repo.write("envs/prod/other.yaml", "a: 1\n");
    repo.write("tool.sh", "#!/bin/sh\n");
    repo.run("chmod +x tool.sh");
    repo.commit("first");
    repo.write("README", "hello\n");
    base = repo.commit("second");
  }
};

TEST(GitCommit, TreeIsTheParentTreePlusTheChanges) {
  Fixture fixture;
  Writer writer = Writer::discover(fixture.repo.root());
  const Commit commit = commit_files(writer, {"main",
                                              fixture.base,
                                              fixture.base,
                                              {{"envs/prod/app.yaml", "image: web:2\n"},
                                               {"envs/prod/new/file.yaml", "b: 2\n"},
                                               {"README", std::nullopt},
                                               {"tool.sh", "#!/bin/sh\necho hi\n"}},
                                              "promote things\n\nbody\n",
                                              kAuthor});

  EXPECT_EQ(fixture.repo.git("rev-parse main"), commit.sha);
  EXPECT_EQ(fixture.repo.git("rev-parse main~1"), fixture.base);
  EXPECT_EQ(commit.subject, "promote things");
  EXPECT_EQ(fixture.repo.git("log -1 --format='%an <%ae>|%cn <%ce>|%B'"),
            "Pat Promoter <pat@example.com>|Pat Promoter <pat@example.com>|promote things\n\nbody");
  EXPECT_EQ(fixture.repo.git("diff --name-status " + fixture.base + " main"),
            "D\tREADME\nM\tenvs/prod/app.yaml\nA\tenvs/prod/new/file.yaml\nM\ttool.sh");
  EXPECT_EQ(fixture.repo.git("ls-tree main tool.sh").substr(0, 6), "100755");
  EXPECT_EQ(fixture.repo.git("show main:envs/prod/new/file.yaml"), "b: 2");
}

TEST(GitCommit, CheckedOutBranchBringsExactlyTheChangedFilesInLine) {
  Fixture fixture;
  ScratchGit& repo = fixture.repo;
  repo.write("staged.txt", "staged\n");
  repo.run("git add staged.txt");
  repo.write("envs/prod/other.yaml", "a: 1\n# unstaged edit\n");
  repo.write("untracked.txt", "mine\n");

  Writer writer = Writer::discover(repo.root());
  commit_files(writer, {"main",
                        fixture.base,
                        fixture.base,
                        {{"envs/prod/app.yaml", "image: web:2\n"}},
                        "promote",
                        kAuthor});

  EXPECT_EQ(repo.read("envs/prod/app.yaml"), "image: web:2\n");
  EXPECT_EQ(repo.git("status --porcelain"),
            " M envs/prod/other.yaml\nA  staged.txt\n?? untracked.txt");
  EXPECT_EQ(repo.read("envs/prod/other.yaml"), "a: 1\n# unstaged edit\n");
  EXPECT_EQ(repo.git("show --name-only --format= HEAD"), "envs/prod/app.yaml");
}

TEST(GitCommit, DirtyChangedFileRefusesWithNothingChanged) {
  Fixture fixture;
  ScratchGit& repo = fixture.repo;
  repo.write("envs/prod/app.yaml", "image: web:1\n# my edit\n");
  Writer writer = Writer::discover(repo.root());
  EXPECT_EQ(error_of([&] {
              commit_files(writer, {"main",
                                    fixture.base,
                                    fixture.base,
                                    {{"envs/prod/app.yaml", "image: web:2\n"}},
                                    "p",
                                    kAuthor});
            }),
            "'envs/prod/app.yaml' has uncommitted changes; commit or stash them first");
  EXPECT_EQ(repo.git("rev-parse main"), fixture.base);
  EXPECT_EQ(repo.read("envs/prod/app.yaml"), "image: web:1\n# my edit\n");

  repo.run("git checkout -q -- envs/prod/app.yaml");
  repo.write("envs/prod/app.yaml", "image: web:1\n# staged edit\n");
  repo.run("git add envs/prod/app.yaml");
  repo.write("envs/prod/app.yaml", "image: web:1\n");  // worktree back, index still differs
  EXPECT_NE(error_of([&] {
              commit_files(writer, {"main",
                                    fixture.base,
                                    fixture.base,
                                    {{"envs/prod/app.yaml", "image: web:2\n"}},
                                    "p",
                                    kAuthor});
            }),
            "(no error)");
  EXPECT_EQ(repo.git("rev-parse main"), fixture.base);
}

TEST(GitCommit, OtherBranchLeavesIndexAndWorkingTreeAlone) {
  Fixture fixture;
  ScratchGit& repo = fixture.repo;
  repo.write("envs/prod/app.yaml", "image: web:1\n# my edit\n");  // dirty: irrelevant here
  Writer writer = Writer::discover(repo.root());
  const Commit commit = commit_files(writer, {"promote/web",
                                              std::nullopt,
                                              fixture.base,
                                              {{"envs/prod/app.yaml", "image: web:2\n"}},
                                              "p",
                                              kAuthor});
  EXPECT_EQ(repo.git("rev-parse promote/web"), commit.sha);
  EXPECT_EQ(repo.git("rev-parse main"), fixture.base);
  EXPECT_EQ(repo.git("symbolic-ref --short HEAD"), "main");
  EXPECT_EQ(repo.read("envs/prod/app.yaml"), "image: web:1\n# my edit\n");
  EXPECT_EQ(repo.git("status --porcelain"), " M envs/prod/app.yaml");

  EXPECT_EQ(error_of([&] {
              commit_files(writer, {"promote/web",
                                    std::nullopt,
                                    fixture.base,
                                    {{"envs/prod/app.yaml", "image: web:3\n"}},
                                    "p",
                                    kAuthor});
            }),
            "a branch named 'promote/web' already exists");
}

TEST(GitCommit, BranchThatMovedMeanwhileIsNotOverwritten) {
  Fixture fixture;
  ScratchGit& repo = fixture.repo;
  const std::string first = repo.git("rev-parse HEAD~1");
  Writer writer = Writer::discover(repo.root());
  EXPECT_EQ(error_of([&] {
              commit_files(writer, {"main", first, first, {{"a.yaml", "a\n"}}, "p", kAuthor});
            }),
            "branch 'main' moved while committing (it no longer points at " + first.substr(0, 7) +
                "); run the command again");
  EXPECT_EQ(repo.git("rev-parse main"), fixture.base);
}

TEST(GitCommit, AdvancingTheCheckedOutBranchBringsInWhatTheNewTipAdds) {
  // The redo after a rejected push: the branch moves from our first commit to one built on the
  // remote's tip, and the working tree follows, keeping unrelated work.
  Fixture fixture;
  ScratchGit& repo = fixture.repo;
  Writer writer = Writer::discover(repo.root());
  const Commit first = commit_files(writer, {"main",
                                             fixture.base,
                                             fixture.base,
                                             {{"envs/prod/app.yaml", "image: web:2\n"}},
                                             "p",
                                             kAuthor});
  const std::string remote_tip =
      write_commit(writer, fixture.base, {{"from-remote.txt", "theirs\n"}}, "theirs", kAuthor);
  const std::string redone = write_commit(
      writer, remote_tip, {{"envs/prod/app.yaml", "image: web:2\n"}}, "p again", kAuthor);
  repo.write("envs/prod/other.yaml", "a: 1\n# still mine\n");

  advance_branch(writer, {"main", first.sha, redone, "commit: p again"});

  EXPECT_EQ(repo.git("rev-parse main"), redone);
  EXPECT_EQ(repo.read("from-remote.txt"), "theirs\n");
  EXPECT_EQ(repo.git("status --porcelain"), " M envs/prod/other.yaml");
  EXPECT_TRUE(is_ancestor(writer, remote_tip, redone));
  EXPECT_FALSE(is_ancestor(writer, first.sha, redone));
}

TEST(GitCommit, RefusesUnsafePaths) {
  Fixture fixture;
  Writer writer = Writer::discover(fixture.repo.root());
  for (const std::string path : {"../x", ".git/config", "a/../../b", ""}) {
    EXPECT_NE(error_of([&] {
                write_commit(writer, fixture.base, {{path, "x"}}, "p", kAuthor);
              }),
              "(no error)")
        << path;
  }
}

TEST(GitHead, NamesTheCurrentBranchOrNoneWhenDetached) {
  Fixture fixture;
  Writer writer = Writer::discover(fixture.repo.root() / "envs");
  EXPECT_EQ(current_branch(writer), "main");
  EXPECT_EQ(branch_tip(writer, "main"), fixture.base);
  EXPECT_EQ(branch_tip(writer, "nope"), std::nullopt);
  fixture.repo.run("git checkout -q --detach HEAD");
  EXPECT_EQ(current_branch(writer), std::nullopt);
  EXPECT_NE(error_of([] { require_valid_branch_name("a..b"); }), "(no error)");
  EXPECT_EQ(error_of([] { require_valid_branch_name("promote/web-1.3"); }), "(no error)");
}

TEST(GitIdentity, ReadsUserNameAndEmailFromTheRepositoryConfig) {
  Fixture fixture;
  Writer writer = Writer::discover(fixture.repo.root());
  const auto identity = configured_identity(writer);
  ASSERT_TRUE(identity.has_value());
  EXPECT_EQ(identity->str(), "Ada Lovelace <ada@example.com>");
}

TEST(GitStatus, TellsUncommittedWorkOfOneFile) {
  Fixture fixture;
  ScratchGit& repo = fixture.repo;
  Writer writer = Writer::discover(repo.root());
  EXPECT_FALSE(has_uncommitted_changes(writer, "envs/prod/app.yaml"));
  EXPECT_FALSE(has_uncommitted_changes(writer, "envs/prod/absent.yaml"));
  repo.write("envs/prod/app.yaml", "changed\n");
  EXPECT_TRUE(has_uncommitted_changes(writer, "envs/prod/app.yaml"));
  repo.run("git add envs/prod/app.yaml");
  EXPECT_TRUE(has_uncommitted_changes(writer, "envs/prod/app.yaml"));
  repo.write("envs/prod/new.yaml", "new\n");
  EXPECT_TRUE(has_uncommitted_changes(writer, "envs/prod/new.yaml"));
  EXPECT_FALSE(has_uncommitted_changes(writer, "envs/prod/other.yaml"));
}

}  // namespace
