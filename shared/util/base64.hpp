#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gitops::util {

// Standard base64 to bytes: blanks are skipped and the first '=' ends it (armored blocks wrap
// lines; padding is optional). nullopt when any other character is not base64.
std::optional<std::string> base64_decode(std::string_view text);

// Bytes to standard base64, padded (as a Secret's data holds them).
std::string base64_encode(std::string_view bytes);

}  // namespace gitops::util
