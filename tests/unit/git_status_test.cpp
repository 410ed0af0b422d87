// Which files of the working tree hold uncommitted work, on real repositories.

#include <gtest/gtest.h>

#include "git/status.hpp"
#include "git/writer.hpp"
#include "scratch_git.hpp"

namespace {

using namespace gitops::git;
using gitops::testing::ScratchGit;

TEST(GitStatus, UncommittedFilesListsStagedModifiedAndUntrackedInsideTheFoldersOnly) {
  ScratchGit repo;
  repo.write("envs/prod/app.yaml", "a: 1\n");
  repo.write("envs/staging/app.yaml", "a: 1\n");
  repo.write("README", "hello\n");
  repo.write(".gitignore", "*.tmp\n");
  repo.commit("base");
  repo.write("envs/prod/app.yaml", "edited\n");
  repo.write("envs/prod/extra.yaml", "staged\n");
  repo.run("git add envs/prod/extra.yaml");
  repo.write("envs/prod/sub/untracked.yaml", "new\n");
  repo.write("envs/prod/scratch.tmp", "ignored\n");
  repo.write("envs/staging/app.yaml", "elsewhere\n");
  Writer writer = Writer::discover(repo.root());
  EXPECT_EQ(uncommitted_files(writer, {"envs/prod"}),
            (std::vector<std::string>{"envs/prod/app.yaml", "envs/prod/extra.yaml",
                                      "envs/prod/sub/untracked.yaml"}));
  EXPECT_EQ(uncommitted_files(writer, {}).size(), 4u);
  EXPECT_TRUE(uncommitted_files(writer, {"README"}).empty());
}

}  // namespace
