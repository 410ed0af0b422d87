#include "git/identity.hpp"

#include "error.hpp"
#include "git/handles.hpp"

namespace gitops::git {

std::optional<Signature> configured_identity(const Writer& writer) {
  git_signature* raw_signature = nullptr;
  const int code = git_signature_default(&raw_signature, raw(writer));
  SignaturePtr signature(raw_signature);
  if (code == GIT_ENOTFOUND) {
    return std::nullopt;
  }
  check(code, "cannot read the git identity (user.name, user.email)");
  return Signature{signature->name, signature->email};
}

Signature require_identity(const Writer& writer) {
  if (auto identity = configured_identity(writer)) {
    return *identity;
  }
  throw Error(
      "no git identity is configured to author the commit; run: git config --global user.name "
      "'Your Name' && git config --global user.email you@example.com");
}

}  // namespace gitops::git
