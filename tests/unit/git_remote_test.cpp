// Pushing and fetching with libgit2 against a bare repository on a file path.

#include <gtest/gtest.h>

#include <functional>

#include "error.hpp"
#include "error_of.hpp"
#include "git/commit.hpp"
#include "git/remote.hpp"
#include "git/writer.hpp"
#include "scratch_git.hpp"

namespace {

using gitops::testing::error_of;

using namespace gitops::git;
using gitops::testing::ScratchGit;

const Signature kAuthor{"Pat Promoter", "pat@example.com"};

// A bare remote with one commit on main, and a clone of it.
struct Remote {
  ScratchGit bare{true};
  ScratchGit seed;
  Remote() {
    seed.write("a.yaml", "a: 1\n");
    seed.commit("first");
    seed.run("git push -q '" + bare.root().string() + "' main");
  }
};

std::string commit_on_main(ScratchGit& clone, const std::string& path) {
  Writer writer = Writer::discover(clone.root());
  const std::string tip = clone.git("rev-parse main");
  return commit_files(writer, {"main", tip, tip, {{path, "x\n"}}, "p", kAuthor}).sha;
}

TEST(GitRemote, PushesAFastForward) {
  Remote remote;
  ScratchGit clone(remote.bare, "clone");
  const std::string sha = commit_on_main(clone, "b.yaml");
  Writer writer = Writer::discover(clone.root());
  EXPECT_EQ(push_branch(writer, "origin", "main"), PushResult::pushed);
  EXPECT_EQ(remote.bare.git("rev-parse main"), sha);
}

TEST(GitRemote, ReportsARemoteThatMovedOnAsNonFastForwardAndNeverForces) {
  Remote remote;
  ScratchGit clone(remote.bare, "clone");
  ScratchGit other(remote.bare, "clone");
  const std::string theirs = commit_on_main(other, "theirs.yaml");
  other.run("git push -q origin main");
  commit_on_main(clone, "ours.yaml");

  Writer writer = Writer::discover(clone.root());
  EXPECT_EQ(push_branch(writer, "origin", "main"), PushResult::rejected_non_fast_forward);
  EXPECT_EQ(remote.bare.git("rev-parse main"), theirs);

  EXPECT_EQ(fetch_branch(writer, "origin", "main"), theirs);
  EXPECT_EQ(clone.git("rev-parse origin/main"), theirs);
  EXPECT_EQ(fetch_branch(writer, "origin", "no-such-branch"), std::nullopt);
}

TEST(GitRemote, UnknownRemoteAndUnreachableUrlAreClearErrors) {
  Remote remote;
  ScratchGit clone(remote.bare, "clone");
  Writer writer = Writer::discover(clone.root());
  EXPECT_EQ(error_of([&] { push_branch(writer, "upstream", "main"); }),
            "the repository has no remote named 'upstream'");
  clone.run("git remote set-url origin /nonexistent/repo.git");
  EXPECT_EQ(error_of([&] {
              push_branch(writer, "origin", "main");
            }).rfind("cannot push 'main' to 'origin' (/nonexistent/repo.git): ", 0),
            0u);
}

TEST(GitRemote, ClonesBareAndReadsTheRemoteUrl) {
  Remote remote;
  ScratchGit holder;
  const auto destination = holder.root() / "cache" / "clone.git";
  clone_bare(remote.bare.root().string(), destination);
  Writer writer = Writer::open(destination);
  EXPECT_TRUE(writer.is_bare());
  EXPECT_EQ(remote_url(writer, "origin"), remote.bare.root().string());
}

TEST(GitRemote, TellsUrlsFromFolders) {
  for (const char* url : {"https://github.com/acme/p.git", "ssh://git@host/p.git",
                          "file:///srv/p.git", "git@github.com:acme/p.git", "host:p.git"})
    EXPECT_TRUE(is_remote_url(url)) << url;
  for (const char* folder : {"/srv/clones/p", "../p", "p", "./a:b", "clones/a:b"})
    EXPECT_FALSE(is_remote_url(folder)) << folder;
}

TEST(GitRemote, MasksPasswordsInUrls) {
  EXPECT_EQ(masked_url("https://x-access-token:s3cret@github.com/acme/deploy.git"),
            "https://x-access-token:***@github.com/acme/deploy.git");
  EXPECT_EQ(masked_url("https://github.com/acme/deploy.git"), "https://github.com/acme/deploy.git");
  EXPECT_EQ(masked_url("git@github.com:acme/deploy.git"), "git@github.com:acme/deploy.git");
  EXPECT_EQ(masked_url("ssh://git@host/repo"), "ssh://git@host/repo");
}

}  // namespace
