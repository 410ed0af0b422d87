#pragma once

#include <optional>
#include <string_view>

namespace gitops::util {

// The seconds a duration as kubectl reads it stands for: a whole number is seconds, anything else
// a Go duration ("1m30s", "1.5h", "500ms"); nullopt when it is neither.
std::optional<double> duration_seconds(std::string_view text);

}  // namespace gitops::util
