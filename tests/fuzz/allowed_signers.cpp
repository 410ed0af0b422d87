// Allowed-signers files (--allowed-signers, git's gpg.ssh.allowedSignersFile format). A file is
// read or refused with an Error; every signer read names its line, in order, and has principals,
// a key type and a key.

#include <algorithm>
#include <string>

#include "fuzz_input.hpp"
#include "trust/allowed_signers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(gitops::fuzz::text_of(data, size));
  const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  gitops::fuzz::answer_bad_input_with_errors([&] {
    int previous = 0;
    for (const auto& signer : gitops::trust::parse_allowed_signers(text, "allowed_signers")) {
      if (signer.line <= previous || signer.line > lines)
        gitops::fuzz::finding("a signer names line " + std::to_string(signer.line) +
                              " after line " + std::to_string(previous) + " of " +
                              std::to_string(lines));
      previous = signer.line;
      if (signer.principals.empty() || signer.key_type.empty() || signer.key.empty())
        gitops::fuzz::finding("the signer of line " + std::to_string(signer.line) +
                              " lacks principals, a key type or a key");
      signer.allows_namespace("git");
    }
  });
  return 0;
}
