#pragma once

#include <string>

namespace gitops::trust {

// The keyring gpgv reads (--keyring takes binary OpenPGP packets only) from the content of a
// --trusted-keys file: binary keys (gpg --export) as they are, ASCII-armored ones (gpg --export
// --armor; several blocks may follow one another) decoded here, so that verifying needs gpgv alone
// and no gpg home. Throws Error naming `file` when it holds neither.
std::string binary_keyring(const std::string& content, const std::string& file);

}  // namespace gitops::trust
