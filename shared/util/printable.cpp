#include "util/printable.hpp"

namespace gitops::util {

namespace {

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

// The length of the well-formed UTF-8 sequence of a printable character that starts `text`
// (its first byte at least 0x80), or 0.
std::size_t printable_sequence(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  std::size_t size = 0;
  unsigned char low = 0x80;   // the bounds of the second byte, which rule out overlong forms,
  unsigned char high = 0xBF;  // surrogates and code points beyond U+10FFFF
  if (lead >= 0xC2 && lead <= 0xDF) {
    size = 2;
    if (lead == 0xC2)
      low = 0xA0;  // U+0080 to U+009F are control characters
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    size = 3;
    low = lead == 0xE0 ? 0xA0 : 0x80;
    high = lead == 0xED ? 0x9F : 0xBF;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    size = 4;
    low = lead == 0xF0 ? 0x90 : 0x80;
    high = lead == 0xF4 ? 0x8F : 0xBF;
  }
  if (size == 0 || text.size() < size || byte(1) < low || byte(1) > high)
    return 0;
  for (std::size_t i = 2; i < size; ++i) {
    if (!is_continuation(byte(i)))
      return 0;
  }
  return size;
}

}  // namespace

std::string printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string shown;
  shown.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7F) {
      shown += text[i++];
    } else if (byte == '\t' || byte == '\n' || byte == '\r') {
      shown += byte == '\t' ? "\\t" : byte == '\n' ? "\\n" : "\\r";
      ++i;
    } else if (const auto size = byte >= 0x80 ? printable_sequence(text.substr(i)) : 0) {
      shown.append(text.substr(i, size));
      i += size;
    } else {
      shown += "\\x";
      shown += kHex[byte >> 4];
      shown += kHex[byte & 0xF];
      ++i;
    }
  }
  return shown;
}

}  // namespace gitops::util
