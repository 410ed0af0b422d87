// Undoing one commit inside some folders (libgit2's revert), on real repositories.

#include <gtest/gtest.h>

#include <functional>

#include "error.hpp"
#include "error_of.hpp"
#include "git/revert.hpp"
#include "git/writer.hpp"
#include "scratch_git.hpp"

namespace {

using gitops::testing::error_of;

using namespace gitops::git;
using gitops::testing::ScratchGit;

const std::string kFive = "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\n";

// `bad` changes envs/prod/app.yaml's first line, adds envs/prod/extra.yaml, removes
// envs/prod/gone.yaml and changes envs/staging/app.yaml; `later` comes after it.
struct Fixture {
  ScratchGit repo;
  std::string bad, later;
  Fixture() {
    repo.write("envs/prod/app.yaml", kFive);
    repo.write("envs/prod/gone.yaml", "gone: no\n");
    repo.write("envs/staging/app.yaml", kFive);
    repo.commit("base");
    repo.write("envs/prod/app.yaml", "a: BAD\nb: 2\nc: 3\nd: 4\ne: 5\n");
    repo.write("envs/prod/extra.yaml", "extra: 1\n");
    repo.run("git rm -q envs/prod/gone.yaml");
    repo.write("envs/staging/app.yaml", "a: BAD\nb: 2\nc: 3\nd: 4\ne: 5\n");
    bad = repo.commit("bad change");
    repo.write("README", "later\n");
    later = repo.commit("later");
  }
};

TEST(GitRevert, UndoesTheCommitInsideTheFoldersOnly) {
  Fixture fixture;
  Writer writer = Writer::discover(fixture.repo.root());
  auto changes = revert_changes(writer, fixture.bad, fixture.later, {"envs/prod"});
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].path, "envs/prod/app.yaml");
  EXPECT_EQ(changes[0].content, kFive);
  EXPECT_EQ(changes[1].path, "envs/prod/extra.yaml");
  EXPECT_EQ(changes[1].content, std::nullopt);
  EXPECT_EQ(changes[2].path, "envs/prod/gone.yaml");
  EXPECT_EQ(changes[2].content, "gone: no\n");
}

TEST(GitRevert, KeepsLaterChangesToOtherLinesOfTheSameFile) {
  Fixture fixture;
  fixture.repo.write("envs/prod/app.yaml", "a: BAD\nb: 2\nc: 3\nd: 4\ne: LATER\n");
  const std::string head = fixture.repo.commit("later edit");
  Writer writer = Writer::discover(fixture.repo.root());
  auto changes = revert_changes(writer, fixture.bad, head, {"envs/prod/app.yaml"});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].content, "a: 1\nb: 2\nc: 3\nd: 4\ne: LATER\n");
}

TEST(GitRevert, AConflictInsideTheFoldersRefusesNamingTheFile) {
  Fixture fixture;
  fixture.repo.write("envs/prod/app.yaml", "a: LATER\nb: 2\nc: 3\nd: 4\ne: 5\n");
  const std::string head = fixture.repo.commit("same line again");
  Writer writer = Writer::discover(fixture.repo.root());
  EXPECT_EQ(
      error_of([&] { revert_changes(writer, fixture.bad, head, {"envs/prod"}); }),
      "cannot revert " + fixture.bad.substr(0, 7) + " cleanly: 'envs/prod/app.yaml' conflicts");
}

TEST(GitRevert, AConflictOutsideTheFoldersIsLeftOut) {
  Fixture fixture;
  fixture.repo.write("envs/staging/app.yaml", "a: LATER\nb: 2\nc: 3\nd: 4\ne: 5\n");
  const std::string head = fixture.repo.commit("staging moved on");
  Writer writer = Writer::discover(fixture.repo.root());
  auto changes = revert_changes(writer, fixture.bad, head, {"envs/prod"});
  ASSERT_EQ(changes.size(), 3u);
  for (const auto& change : changes)
    EXPECT_EQ(change.path.rfind("envs/prod/", 0), 0u);
}

TEST(GitRevert, NoChangeWhenTheCommitTouchedNothingInTheFolders) {
  Fixture fixture;
  Writer writer = Writer::discover(fixture.repo.root());
  EXPECT_TRUE(revert_changes(writer, fixture.later, fixture.later, {"envs/prod"}).empty());
}

TEST(GitRevert, LeavesTheIndexAndWorkingTreeAlone) {
  Fixture fixture;
  Writer writer = Writer::discover(fixture.repo.root());
  revert_changes(writer, fixture.bad, fixture.later, {});
  EXPECT_EQ(fixture.repo.git("status --porcelain"), "");
  EXPECT_EQ(fixture.repo.read("envs/prod/app.yaml"), "a: BAD\nb: 2\nc: 3\nd: 4\ne: 5\n");
}

TEST(GitRevert, AMergeCommitIsRefused) {
  Fixture fixture;
  fixture.repo.run("git checkout -q -b side " + fixture.bad + "~1");
  fixture.repo.write("side.txt", "side\n");
  fixture.repo.commit("side");
  fixture.repo.run("git checkout -q main && git merge -q --no-edit side");
  const std::string merge = fixture.repo.git("rev-parse HEAD");
  Writer writer = Writer::discover(fixture.repo.root());
  EXPECT_EQ(error_of([&] { revert_changes(writer, merge, merge, {}); }),
            "cannot revert " + merge.substr(0, 7) +
                ": it is a merge commit; revert the commits it brought in instead");
}

}  // namespace
