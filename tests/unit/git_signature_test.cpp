// What signature verification asks of the git seam: a commit's signature and signed payload, the
// commits a range brings to some paths, and signed commits written through libgit2.

#include <gtest/gtest.h>

#include "git/commit.hpp"
#include "git/repository.hpp"
#include "git/signing_config.hpp"
#include "git/writer.hpp"
#include "scratch_git.hpp"

namespace {

using namespace gitops::git;
using gitops::testing::ScratchGit;

const std::string kArmored =
    "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n";

TEST(GitSignature, UnsignedCommitHasNone) {
  ScratchGit repo;
  repo.write("a.txt", "a\n");
  const auto sha = repo.commit("first");
  const auto repository = Repository::discover(repo.root());
  EXPECT_FALSE(repository.signature(repository.resolve(sha)));
}

TEST(GitSignature, SignedCommitKeepsItsSignatureAndPayloadAsGitWroteThem) {
  ScratchGit repo;
  repo.write("a.txt", "a\n");
  const auto base = repo.commit("first");
  auto writer = Writer::discover(repo.root());
  std::string signed_payload;
  const auto sha =
      write_commit(writer, base, {{"b.txt", "b\n"}}, "second", {"Pat Promoter", "pat@example.com"},
                   [&](const std::string& payload) {
                     signed_payload = payload;
                     return kArmored;
                   });
  const auto repository = Repository::discover(repo.root());
  const auto signature = repository.signature(repository.resolve(sha));
  ASSERT_TRUE(signature);
  EXPECT_EQ(signature->signature, kArmored);
  EXPECT_EQ(signature->payload, signed_payload);
  EXPECT_NE(signature->payload.find("\n\nsecond\n"), std::string::npos) << signature->payload;
  EXPECT_GT(signature->committer_time, 0);
  EXPECT_NE(repo.git("cat-file commit " + sha).find("gpgsig -----BEGIN SSH SIGNATURE-----"),
            std::string::npos);
}

TEST(GitSignature, CommitsChangingListsOnlyTheRangeAndThePathsNewestFirst) {
  ScratchGit repo;
  repo.write("app/a.yaml", "1\n");
  const auto first = repo.commit("first");
  repo.write("app/a.yaml", "2\n");
  const auto second = repo.commit("second");
  repo.write("other.txt", "x\n");
  repo.commit("outside the app");
  repo.write("app/b.yaml", "3\n");
  const auto fourth = repo.commit("fourth");
  const auto repository = Repository::discover(repo.root());

  const auto since_first =
      repository.commits_changing(repository.resolve(first), repository.resolve(fourth), {"app"});
  ASSERT_EQ(since_first.size(), 2U);
  EXPECT_EQ(since_first[0].sha, fourth);
  EXPECT_EQ(since_first[1].sha, second);

  EXPECT_EQ(repository.commits_changing(std::nullopt, repository.resolve(fourth), {"app"}).size(),
            3U);
  EXPECT_EQ(repository.commits_changing(std::nullopt, repository.resolve(fourth), {}).size(), 4U);
}

TEST(GitSigningConfig, ReadsGpgsignFormatAndKeyFromTheRepositoryConfig) {
  ScratchGit repo;
  auto writer = Writer::discover(repo.root());
  EXPECT_FALSE(signing_config(writer).sign_commits);
  EXPECT_EQ(signing_config(writer).format, "openpgp");
  repo.run(
      "git config commit.gpgsign true && git config gpg.format ssh && "
      "git config user.signingkey '~/.ssh/id_ed25519.pub'");
  const auto config = signing_config(Writer::discover(repo.root()));
  EXPECT_TRUE(config.sign_commits);
  EXPECT_EQ(config.format, "ssh");
  EXPECT_EQ(config.key, "~/.ssh/id_ed25519.pub");
}

}  // namespace
