#include "trust/openpgp_keyring.hpp"

#include <array>

#include "error.hpp"
#include "util/text.hpp"

namespace gitops::trust {

namespace {

constexpr std::string_view kBegin = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
constexpr std::string_view kEnd = "-----END PGP PUBLIC KEY BLOCK-----";

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

// Decodes base64 text (blanks ignored, '=' ends it); false when a character is not base64.
bool decode_base64(std::string_view text, std::string& out) {
  unsigned int bits = 0;
  int count = 0;
  for (const char c : text) {
    if (c == '=')
      break;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
      continue;
    const int value = base64_value(c);
    if (value < 0)
      return false;
    bits = (bits << 6) | static_cast<unsigned int>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return true;
}

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
  return in_body && !body.empty() && decode_base64(body, out);
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
