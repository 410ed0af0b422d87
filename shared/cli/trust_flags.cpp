#include "cli/trust_flags.hpp"

#include "error.hpp"

namespace gitops::cli {

namespace {

// What -S alone stands for: the key git's configuration names (user.signingkey).
constexpr const char* kConfiguredKey = "default";

}  // namespace

void TrustFlags::add_flags(FlagTable& table) {
  table.start_section("Trust flags");
  table.text("verify-signatures", verify_signatures,
             "head: the revision must carry a good signature from a trusted key; strict: so must "
             "every commit since the last synced one that changes the paths");
  table
      .text("allowed-signers", allowed_signers,
            "trusted SSH keys, in git's allowed-signers format (gpg.ssh.allowedSignersFile); "
            "outside the repository")
      .completes(ValueKind::file);
  table
      .text("trusted-keys", trusted_keys,
            "trusted OpenPGP public keys (gpg --export, armored or not); outside the repository")
      .completes(ValueKind::file);
  table.start_section("Flags");
}

void TrustFlags::validate() const {
  if (verify_signatures.empty()) {
    if (!allowed_signers.empty() || !trusted_keys.empty())
      throw Error(std::string("--") +
                  (allowed_signers.empty() ? "trusted-keys" : "allowed-signers") +
                  " names keys to verify signatures with: add --verify-signatures head or strict");
    return;
  }
  if (verify_signatures != "head" && verify_signatures != "strict")
    throw Error("--verify-signatures takes head or strict, not " + quoted(verify_signatures));
  if (allowed_signers.empty() && trusted_keys.empty())
    throw Error(
        "--verify-signatures needs the keys to trust: add --allowed-signers FILE (SSH) or "
        "--trusted-keys FILE (OpenPGP)");
}

void SignFlags::add_flags(FlagTable& table) {
  auto& flag = table.text("sign", sign,
                          "sign the commit as git commit -S does: with KEY, or alone with "
                          "user.signingkey (gpg.format ssh or openpgp); commit.gpgsign signs "
                          "without it");
  flag.shorthand('S');
  flag.implicit_value = kConfiguredKey;
  flag.default_value = "";
}

std::optional<std::string> SignFlags::key() const {
  if (sign && *sign == kConfiguredKey)
    return std::string();
  return sign;
}

}  // namespace gitops::cli
