// The tree-restore computation of gitrevert's default mode, on real repositories.

#include <gtest/gtest.h>

#include "error.hpp"
#include "git/repository.hpp"
#include "revert/restore.hpp"
#include "scratch_git.hpp"

namespace {

using gitops::git::FileChange;
using gitops::git::Repository;
using gitops::revert::restore_changes;
using gitops::testing::ScratchGit;

// v1 and v2 of an app in envs/prod, with neighbours outside it that change too.
struct History {
  ScratchGit repo;
  std::string v1, v2;
  History() {
    repo.write("envs/prod/config.yaml", "key: v1\n");
    repo.write("envs/prod/old.yaml", "old: true\n");
    repo.write("envs/staging/config.yaml", "key: s1\n");
    repo.write("README", "hello\n");
    v1 = repo.commit("v1");
    repo.write("envs/prod/config.yaml", "key: v2\n");
    repo.run("git rm -q envs/prod/old.yaml");
    repo.write("envs/prod/sub/new.yaml", "new: true\n");
    repo.write("envs/staging/config.yaml", "key: s2\n");
    repo.write("README", "hello again\n");
    v2 = repo.commit("v2");
  }
};

std::vector<std::string> paths_of(const std::vector<FileChange>& changes) {
  std::vector<std::string> paths;
  for (const auto& change : changes)
    paths.push_back(change.path);
  return paths;
}

TEST(RestoreChanges, RestoresChangedAndRemovedFilesAndRemovesAddedOnes) {
  History history;
  auto repository = Repository::discover(history.repo.root());
  auto changes = restore_changes(repository, repository.resolve(history.v2),
                                 repository.resolve(history.v1), {"envs/prod"});
  ASSERT_EQ(paths_of(changes),
            (std::vector<std::string>{"envs/prod/config.yaml", "envs/prod/old.yaml",
                                      "envs/prod/sub/new.yaml"}));
  EXPECT_EQ(changes[0].content, "key: v1\n");
  EXPECT_EQ(changes[1].content, "old: true\n");
  EXPECT_EQ(changes[2].content, std::nullopt);
}

TEST(RestoreChanges, LeavesEverythingOutsideTheFoldersAlone) {
  History history;
  auto repository = Repository::discover(history.repo.root());
  for (const auto& path :
       paths_of(restore_changes(repository, repository.resolve(history.v2),
                                repository.resolve(history.v1), {"envs/prod/"}))) {
    EXPECT_EQ(path.rfind("envs/prod/", 0), 0u) << path;
  }
}

TEST(RestoreChanges, NothingWhenTheFoldersAlreadyMatchTheTarget) {
  History history;
  history.repo.write("envs/staging/config.yaml", "key: s3\n");
  const std::string v3 = history.repo.commit("staging only");
  auto repository = Repository::discover(history.repo.root());
  EXPECT_TRUE(restore_changes(repository, repository.resolve(v3), repository.resolve(history.v2),
                              {"envs/prod"})
                  .empty());
}

TEST(RestoreChanges, NoFoldersMeansTheWholeRepository) {
  History history;
  auto repository = Repository::discover(history.repo.root());
  auto changes = restore_changes(repository, repository.resolve(history.v2),
                                 repository.resolve(history.v1), {});
  EXPECT_EQ(paths_of(changes),
            (std::vector<std::string>{"README", "envs/prod/config.yaml", "envs/prod/old.yaml",
                                      "envs/prod/sub/new.yaml", "envs/staging/config.yaml"}));
  EXPECT_EQ(changes[0].content, "hello\n");
}

TEST(RestoreChanges, SeveralFoldersAreRestoredTogether) {
  History history;
  auto repository = Repository::discover(history.repo.root());
  auto changes = restore_changes(repository, repository.resolve(history.v2),
                                 repository.resolve(history.v1), {"envs/staging", "README"});
  EXPECT_EQ(paths_of(changes), (std::vector<std::string>{"README", "envs/staging/config.yaml"}));
  EXPECT_EQ(changes[1].content, "key: s1\n");
}

TEST(RestoreChanges, AFolderTheTargetLacksIsAnErrorNamingIt) {
  History history;
  history.repo.write("envs/qa/config.yaml", "key: q\n");
  const std::string v3 = history.repo.commit("qa");
  auto repository = Repository::discover(history.repo.root());
  try {
    restore_changes(repository, repository.resolve(v3), repository.resolve(history.v1),
                    {"envs/qa"});
    FAIL() << "no error";
  } catch (const gitops::Error& error) {
    EXPECT_EQ(std::string(error.what()), "'envs/qa' does not exist at " + history.v1.substr(0, 7));
  }
}

}  // namespace
