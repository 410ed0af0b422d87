// The trust flags are refused before anything is read when they cannot work together.

#include <gtest/gtest.h>

#include "run_command.hpp"

namespace {

using gitops::testing::run_command;

TEST(TrustFlags, ModeOtherThanHeadOrStrictIsRefused) {
  const auto run = run_command("gitsync", {"--verify-signatures", "all", "--allowed-signers", "f"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "kubectl-gitsync: error: --verify-signatures takes head or strict, not 'all'\n");
}

TEST(TrustFlags, VerifyingNeedsKeysAndKeysNeedVerifying) {
  EXPECT_EQ(run_command("gitdiff", {"--verify-signatures", "head"}).err,
            "kubectl-gitdiff: error: --verify-signatures needs the keys to trust: add "
            "--allowed-signers FILE (SSH) or --trusted-keys FILE (OpenPGP)\n");
  EXPECT_EQ(run_command("gitsync", {"--trusted-keys", "keys.asc"}).err,
            "kubectl-gitsync: error: --trusted-keys names keys to verify signatures with: add "
            "--verify-signatures head or strict\n");
}

TEST(TrustFlags, GitDiffOfTheWorkingTreeHasNoCommitToVerify) {
  EXPECT_EQ(run_command("gitdiff",
                        {"--worktree", "--verify-signatures", "head", "--allowed-signers", "f"})
                .err,
            "kubectl-gitdiff: error: --verify-signatures checks commits; it cannot be combined "
            "with --worktree\n");
}

TEST(TrustFlags, GitPromoteStrictNeedsTheSourceAppsRecord) {
  EXPECT_EQ(run_command("gitpromote", {"--from", "a", "--to", "b", "--verify-signatures", "strict",
                                       "--allowed-signers", "f"})
                .err,
            "kubectl-gitpromote: error: --verify-signatures strict checks every commit since "
            "SRC's app last synced: add --verify-source (or use --verify-signatures head)\n");
}

}  // namespace
