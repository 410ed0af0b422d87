#pragma once

#include <string>

#include "git/writer.hpp"

namespace gitops::git {

// How git would sign a commit made here, from the repository's, the user's and the system's
// configuration: commit.gpgsign, gpg.format and user.signingkey.
struct SigningConfig {
  bool sign_commits = false;       // commit.gpgsign
  std::string format = "openpgp";  // gpg.format: "openpgp", "ssh" (or "x509", not supported)
  std::string key;                 // user.signingkey; "" when unset
};

SigningConfig signing_config(const Writer& writer);

}  // namespace gitops::git
