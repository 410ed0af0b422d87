// Reading git's allowed-signers files (ssh-keygen(1), ALLOWED SIGNERS) before ssh-keygen does, so
// that a malformed line is named with its file and line.

#include <gtest/gtest.h>

#include "error_of.hpp"
#include "trust/allowed_signers.hpp"

namespace {

using gitops::testing::error_of;
using namespace gitops::trust;

const std::string kKey = "AAAAC3NzaC1lZDI1NTE5AAAAIIlkIVn4EfyJ0arOAcnShJZAdB3h";

TEST(AllowedSigners, ReadsPrincipalsOptionsAndKeyAndSkipsCommentsAndBlankLines) {
  const auto signers = parse_allowed_signers(
      "# the release team\n\n"
      "alice@example.com,bob@example.com namespaces=\"git,file\",valid-after=\"20260101\","
      "valid-before=\"20270101120000Z\" ssh-ed25519 " +
          kKey +
          " alice's laptop\n"
          "carol@example.com ssh-ed25519 " +
          kKey + "\n",
      "signers");
  ASSERT_EQ(signers.size(), 2U);
  EXPECT_EQ(signers[0].line, 3);
  EXPECT_EQ(signers[0].principals,
            (std::vector<std::string>{"alice@example.com", "bob@example.com"}));
  ASSERT_TRUE(signers[0].namespaces);
  EXPECT_EQ(*signers[0].namespaces, (std::vector<std::string>{"git", "file"}));
  EXPECT_EQ(signers[0].valid_after, "20260101");
  EXPECT_EQ(signers[0].valid_before, "20270101120000Z");
  EXPECT_EQ(signers[0].key_type, "ssh-ed25519");
  EXPECT_EQ(signers[0].key, kKey);
  EXPECT_EQ(signers[1].line, 4);
  EXPECT_FALSE(signers[1].namespaces);
  EXPECT_TRUE(signers[1].valid_before.empty());
}

TEST(AllowedSigners, NamespacesDecideWhetherAPrincipalMaySignCommits) {
  const auto signers = parse_allowed_signers("a namespaces=\"file\" ssh-ed25519 " + kKey +
                                                 "\nb namespaces=\"*\" ssh-ed25519 " + kKey +
                                                 "\nc ssh-ed25519 " + kKey + "\n",
                                             "signers");
  ASSERT_EQ(signers.size(), 3U);
  EXPECT_FALSE(signers[0].allows_namespace("git"));
  EXPECT_TRUE(signers[1].allows_namespace("git"));
  EXPECT_TRUE(signers[2].allows_namespace("git"));
}

TEST(AllowedSigners, QuotedPrincipalsAndCertAuthorityAreRead) {
  const auto signers = parse_allowed_signers(
      "\"*@example.com\" cert-authority ecdsa-sha2-nistp256 " + kKey + "\r\n", "signers");
  ASSERT_EQ(signers.size(), 1U);
  EXPECT_EQ(signers[0].principals, std::vector<std::string>{"*@example.com"});
  EXPECT_TRUE(signers[0].cert_authority);
  EXPECT_EQ(signers[0].key_type, "ecdsa-sha2-nistp256");
}

TEST(AllowedSigners, MalformedLinesAreRefusedNamingFileAndLine) {
  EXPECT_EQ(error_of([] { parse_allowed_signers("\nalice@example.com\n", "signers"); }),
            "'signers' line 2: expected PRINCIPALS [OPTIONS] KEYTYPE BASE64-KEY");
  EXPECT_EQ(error_of([] { parse_allowed_signers("a no-such-option ssh-ed25519 " + kKey, "f"); }),
            "'f' line 1: unknown option 'no-such-option'");
  EXPECT_EQ(error_of([] {
              parse_allowed_signers("a valid-before=\"yesterday\" ssh-ed25519 " + kKey, "f");
            }),
            "'f' line 1: valid-before takes a time as YYYYMMDD[HHMM[SS]][Z], not 'yesterday'");
  EXPECT_EQ(error_of([] { parse_allowed_signers("a namespaces=\"git ssh-ed25519 " + kKey, "f"); }),
            "'f' line 1: unterminated quote");
}

}  // namespace
