#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "git/repository.hpp"

namespace gitops::trust {

// --verify-signatures: `head` checks the revision itself, `strict` also every commit since the
// last synced one that changes the app's paths.
enum class VerifyMode { head, strict };

// "head" or "strict"; nullopt for anything else.
std::optional<VerifyMode> verify_mode(const std::string& text);
std::string mode_name(VerifyMode mode);

// How the verifying and signing tools (ssh-keygen, gpgv, gpg) run: as kubectl does, bounded, and
// with -v their command lines logged.
struct ToolOptions {
  std::chrono::seconds timeout{30};
  std::function<void(const std::string&)> log;
};

// The keys a signature may come from.
struct TrustRoots {
  std::string allowed_signers;  // --allowed-signers: SSH keys in git's allowed-signers format
  std::string trusted_keys;     // --trusted-keys: OpenPGP public keys, binary or armored
};

// Who made a good signature.
struct Signer {
  std::string format;       // "ssh" or "openpgp"
  std::string principal;    // ssh: the allowed-signers principal; openpgp: the key's user id
  std::string fingerprint;  // ssh: "SHA256:..."; openpgp: the signing key's fingerprint
};

// Checks commit signatures as git verify-commit does: SSH signatures with ssh-keygen -Y
// find-principals and -Y verify against the allowed-signers file at the commit's time, OpenPGP
// ones with gpgv against the trusted keys alone (no gpg home, no web of trust).
class Verifier {
 public:
  // Reads the trust files (Error when one is missing or malformed), and refuses one that lies in
  // `repository`'s working tree: whoever can push could widen it. Reads commits from
  // `repository`, which must outlive it.
  Verifier(const git::Repository& repository, VerifyMode mode, TrustRoots roots,
           ToolOptions tools = {});
  Verifier(Verifier&&) noexcept;
  ~Verifier();

  // The commit's signer; Error in one line naming the commit and why not: unsigned, bad
  // signature, unknown key, key not valid at that time, principal not allowed.
  Signer verify_commit(const git::Commit& commit) const;

  // The revision's signer, after (strict) every commit since `since` (all its history without
  // one) that changes `paths` was verified too, oldest first.
  Signer verify_revision(const git::Commit& head, const std::optional<git::Commit>& since,
                         const std::vector<std::string>& paths) const;

  VerifyMode mode() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// "alice@example.com (ssh SHA256:...)": how gitdiff's header names a signer.
std::string describe_signer(const Signer& signer);

}  // namespace gitops::trust
