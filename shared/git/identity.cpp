#include "git/identity.hpp"

#include <cstdlib>

#include "error.hpp"
#include "git/handles.hpp"

namespace gitops::git {

namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

std::optional<Signature> configured_identity(const Writer& writer) {
  // As git does, GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL win over the configuration (CI jobs and
  // runbooks set them instead of writing a config file).
  Signature from_environment{environment("GIT_AUTHOR_NAME"), environment("GIT_AUTHOR_EMAIL")};
  git_signature* raw_signature = nullptr;
  const int code = git_signature_default(&raw_signature, raw(writer));
  SignaturePtr signature(raw_signature);
  if (code == GIT_ENOTFOUND) {
    if (from_environment.name.empty() || from_environment.email.empty())
      return std::nullopt;
    return from_environment;
  }
  check(code, "cannot read the git identity (user.name, user.email)");
  Signature identity{signature->name, signature->email};
  if (!from_environment.name.empty())
    identity.name = from_environment.name;
  if (!from_environment.email.empty())
    identity.email = from_environment.email;
  return identity;
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
