#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "git/refs.hpp"
#include "git/writer.hpp"
#include "scratch_git.hpp"

namespace gitops::git {
namespace {

using testing::ScratchGit;
using Names = std::vector<std::string>;

TEST(ListRefs, GivesBranchesRemoteBranchesAndTagsByTheirShortNames) {
  ScratchGit origin;
  origin.write("a.yaml", "a: 1\n");
  origin.commit("first");
  ScratchGit clone(origin, "clone");
  clone.run("git branch feature/web && git tag v1.2.0 && git tag -a v1.3.0 -m release");
  EXPECT_EQ(list_refs(Writer::discover(clone.root())),
            (Names{"feature/web", "main", "origin/main", "v1.2.0", "v1.3.0"}));
}

TEST(ListRefs, IsEmptyInARepositoryWithoutCommits) {
  ScratchGit empty;
  EXPECT_EQ(list_refs(Writer::discover(empty.root())), Names{});
}

}  // namespace
}  // namespace gitops::git
