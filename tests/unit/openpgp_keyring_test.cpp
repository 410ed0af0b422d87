// --trusted-keys: the binary keyring gpgv reads, from binary or ASCII-armored key files.

#include <gtest/gtest.h>

#include "error_of.hpp"
#include "trust/openpgp_keyring.hpp"

namespace {

using gitops::testing::error_of;
using gitops::trust::binary_keyring;

TEST(OpenPgpKeyring, BinaryKeysAreKeptAsTheyAre) {
  const std::string binary = std::string("\x98\x33\x04\x00", 4) + "rest";
  EXPECT_EQ(binary_keyring(binary, "keys.gpg"), binary);
}

TEST(OpenPgpKeyring, ArmoredBlocksAreDecodedOneAfterAnotherWithoutHeadersOrChecksum) {
  // "\x98\x01" and "\x99\x02" (base64 "mAE=" and "mQI="), the first with a header line.
  const std::string armored =
      "-----BEGIN PGP PUBLIC KEY BLOCK-----\nComment: alice\n\nmAE=\n=abcd\n"
      "-----END PGP PUBLIC KEY BLOCK-----\n"
      "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQI=\n-----END PGP PUBLIC KEY BLOCK-----\n";
  EXPECT_EQ(binary_keyring(armored, "keys.asc"), std::string("\x98\x01\x99\x02", 4));
}

TEST(OpenPgpKeyring, FilesWithoutKeysAreRefusedNamingThem) {
  EXPECT_EQ(error_of([] { binary_keyring("ssh-ed25519 AAAA\n", "keys.asc"); }),
            "'keys.asc' holds no OpenPGP public keys (give gpg --export or gpg --export --armor "
            "output)");
  EXPECT_EQ(error_of([] {
              binary_keyring("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmAE=\n", "keys.asc");
            }),
            "'keys.asc' has an armored key block without its END line");
}

}  // namespace
