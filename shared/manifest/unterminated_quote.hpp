#pragma once

#include <optional>
#include <string_view>

#include <yaml-cpp/node/node.h>

namespace gitops::manifest {

// yaml-cpp 0.7 accepts a quoted scalar left open at the end of the stream: `name: "web` loads as
// "web ". Such a scalar runs to the end of the text, so it can only be the last scalar of the last
// document; this finds that scalar in the loaded `last_document` and looks for its closing quote in
// `text`. Returns the 1-based line of the opening quote when there is none.
std::optional<int> unterminated_quote_line(std::string_view text, const YAML::Node& last_document);

}  // namespace gitops::manifest
