#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gitops::trust {

// One line of an allowed-signers file (ssh-keygen(1), ALLOWED SIGNERS), as git's
// gpg.ssh.allowedSignersFile holds them:
//   alice@example.com,bob@example.com namespaces="git",valid-after="20260101" ssh-ed25519 AAAA...
struct AllowedSigner {
  int line = 0;
  std::vector<std::string> principals;                 // patterns, as written
  std::optional<std::vector<std::string>> namespaces;  // nullopt: any namespace
  std::string valid_after;  // as written ("20260101", "20260101120000Z"); "" when not limited
  std::string valid_before;
  bool cert_authority = false;
  std::string key_type;  // "ssh-ed25519"
  std::string key;       // base64

  // Whether the line lets its principals sign in `name_space` ("git").
  bool allows_namespace(const std::string& name_space) const;
};

// The signers of an allowed-signers file's text; blank lines and '#' comments are skipped. Throws
// Error naming `file` and the line for what ssh-keygen would not read: no key, an unknown option,
// an unterminated quote, a time that is not YYYYMMDD[HHMM[SS]][Z].
std::vector<AllowedSigner> parse_allowed_signers(const std::string& text, const std::string& file);

}  // namespace gitops::trust
