#pragma once

#include <optional>
#include <string>

#include "git/commit.hpp"
#include "git/writer.hpp"
#include "trust/verify.hpp"

namespace gitops::trust {

// How the commits a command makes are signed, as git commit would sign them: -S/--sign[=KEY] on
// the command line, else commit.gpgsign; gpg.format says SSH (ssh-keygen -Y sign -n git -f KEY)
// or OpenPGP (gpg --detach-sign --armor --local-user KEY); the key is --sign's, else
// user.signingkey, else (OpenPGP only) the committer's identity. An empty function when nothing
// asks for a signature. Throws Error for a format other than ssh and openpgp, or SSH without a key.
//
// `sign`: nullopt without -S; "" for -S alone (the configured key); else the key.
git::SignCommit commit_signer(const git::Writer& writer, const std::optional<std::string>& sign,
                              const ToolOptions& tools);

}  // namespace gitops::trust
