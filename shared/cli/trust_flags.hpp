#pragma once

#include <optional>
#include <string>

#include "cli/flag_table.hpp"

namespace gitops::cli {

// Which signatures a revision must carry, declared once for every plugin that reads a revision
// toward a cluster (gitdiff, gitsync, gitpromote's source): --verify-signatures, --allowed-signers
// and --trusted-keys, in the section "Trust flags".
struct TrustFlags {
  std::string verify_signatures;  // "", "head" or "strict"
  std::string allowed_signers;    // a file, git's allowed-signers format (SSH keys)
  std::string trusted_keys;       // a file of OpenPGP public keys

  void add_flags(FlagTable& table);

  // Refuses a mode other than head and strict, a mode without keys to trust, and keys without a
  // mode.
  void validate() const;

  bool verifies() const { return !verify_signatures.empty(); }
};

// -S, --sign[=KEY]: signing the commits gitpromote and gitrevert make, as git commit -S does.
struct SignFlags {
  // nullopt: as git's configuration says (commit.gpgsign); "" -S alone: with the configured key;
  // else that key.
  std::optional<std::string> sign;

  void add_flags(FlagTable& table);
  std::optional<std::string> key() const;
};

}  // namespace gitops::cli
