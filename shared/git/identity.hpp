#pragma once

#include <optional>
#include <string>

#include "git/writer.hpp"

namespace gitops::git {

// Who a commit is by: the user's git identity (user.name and user.email).
struct Signature {
  std::string name;
  std::string email;

  std::string str() const { return name + " <" + email + ">"; }
};

// The identity git would commit as: GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL, else user.name and
// user.email from the repository's, the user's and the system's configuration; nullopt when
// neither gives both.
std::optional<Signature> configured_identity(const Writer& writer);

// The same, or Error saying how to configure one.
Signature require_identity(const Writer& writer);

}  // namespace gitops::git
