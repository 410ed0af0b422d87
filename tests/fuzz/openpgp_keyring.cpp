// OpenPGP key files (--trusted-keys), binary or ASCII-armored. A file is turned into a keyring or
// refused with an Error; a binary one is kept byte for byte, and a keyring read from armor is
// never empty.

#include <string>

#include "fuzz_input.hpp"
#include "trust/openpgp_keyring.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string content(gitops::fuzz::text_of(data, size));
  gitops::fuzz::answer_bad_input_with_errors([&] {
    const auto keyring = gitops::trust::binary_keyring(content, "keys.asc");
    const bool binary = !content.empty() && (static_cast<unsigned char>(content[0]) & 0x80) != 0;
    if (binary && keyring != content)
      gitops::fuzz::finding("a binary keyring is not kept as it is");
    if (keyring.empty())
      gitops::fuzz::finding("an empty keyring is returned instead of an error");
  });
  return 0;
}
