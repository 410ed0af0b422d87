#include "trust/openpgp_keyring.hpp"

#include <array>

#include "error.hpp"
#include "util/base64.hpp"
#include "util/text.hpp"

namespace gitops::trust {

namespace {

constexpr std::string_view kBegin = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
constexpr std::string_view kEnd = "-----END PGP PUBLIC KEY BLOCK-----";

// One armored block's body: after the header lines (up to the first blank line), without the
// checksum line ("=abcd") before the end line.
bool decode_block(std::string_view block, std::string& out) {
  std::string body;
  bool in_body = false;
  auto lines = util::lines_of(block);
  if (!lines.empty())
    lines.erase(lines.begin());  // the rest of the BEGIN line
  for (auto line : lines) {
    auto text = util::trimmed(line);
    if (!in_body) {
      in_body = text.empty();
      continue;
    }
    if (text.starts_with("="))
      break;
    body.append(text);
  }
  if (!in_body || body.empty())
    return false;
  const auto decoded = util::base64_decode(body);
  if (!decoded)
    return false;
  out += *decoded;
  return true;
}

}  // namespace

std::string binary_keyring(const std::string& content, const std::string& file) {
  // A binary OpenPGP packet starts with its tag byte, whose top bit is always set.
  if (!content.empty() && (static_cast<unsigned char>(content.front()) & 0x80) != 0)
    return content;
  std::string keyring;
  std::size_t from = 0;
  while (true) {
    const auto begin = content.find(kBegin, from);
    if (begin == std::string::npos)
      break;
    const auto end = content.find(kEnd, begin);
    if (end == std::string::npos)
      throw Error(quoted(file) + " has an armored key block without its END line");
    const auto body =
        std::string_view(content).substr(begin + kBegin.size(), end - begin - kBegin.size());
    if (!decode_block(body, keyring))
      throw Error(quoted(file) + " has an armored key block that is not valid base64");
    from = end + kEnd.size();
  }
  if (keyring.empty())
    throw Error(quoted(file) +
                " holds no OpenPGP public keys (give gpg --export or gpg --export --armor output)");
  return keyring;
}

}  // namespace gitops::trust
