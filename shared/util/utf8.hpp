#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gitops::util {

// What next_code_point returns for a byte that starts no well-formed UTF-8 sequence.
constexpr char32_t kInvalidUtf8 = 0xFFFFFFFF;

// Decodes the code point at text[i] and moves i past it. A malformed sequence (cut short, overlong,
// a surrogate, beyond U+10FFFF) yields kInvalidUtf8 and moves one byte on, so that a caller can
// replace or escape that byte alone.
char32_t next_code_point(std::string_view text, std::size_t& i);

// Appends `c` (at most U+10FFFF) in UTF-8.
void append_utf8(std::string& out, char32_t c);

// 3 when `text` starts with a UTF-8 byte-order mark, else 0: the bytes before what readers such as
// yaml-cpp count positions from.
std::size_t byte_order_mark_size(std::string_view text);

}  // namespace gitops::util
