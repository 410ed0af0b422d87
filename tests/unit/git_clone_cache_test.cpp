#include <gtest/gtest.h>

#include "git/clone_cache.hpp"
#include "git/head.hpp"
#include "git/writer.hpp"
#include "scratch_git.hpp"

namespace {

using gitops::testing::ScratchGit;
using namespace gitops::git;

TEST(RepoCache, FolderIsAStableHashOfTheUrl) {
  const auto a = cache_folder("/cache", "https://github.com/acme/deploy.git");
  EXPECT_EQ(a, cache_folder("/cache", "https://github.com/acme/deploy.git"));
  EXPECT_NE(a, cache_folder("/cache", "https://github.com/acme/deploy"));
  EXPECT_EQ(a.parent_path(), "/cache");
  EXPECT_EQ(a.filename().string().size(), 16u);
}

TEST(RepoCache, ClonesOnceThenFollowsTheRemote) {
  ScratchGit remote(true);
  ScratchGit seed;
  seed.write("a.yaml", "a: 1\n");
  seed.commit("first");
  seed.run("git push -q '" + remote.root().string() + "' main");
  ScratchGit cache(true);  // only its folder is used
  const std::string url = remote.root().string();

  const CachedClone clone = prepare_cached_clone(url, cache.root() / "repos");
  EXPECT_EQ(clone.branch, "main");
  EXPECT_EQ(clone.path, cache_folder(cache.root() / "repos", url));

  seed.write("b.yaml", "b: 1\n");
  const std::string second = seed.commit("second");
  seed.run("git push -q '" + url + "' main");
  prepare_cached_clone(url, cache.root() / "repos");
  const auto writer = gitops::git::Writer::open(clone.path);
  EXPECT_EQ(gitops::git::branch_tip(writer, "main"), second);
}

}  // namespace
