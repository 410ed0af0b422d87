#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/node/node.h>

namespace gitops::manifest {

// Every document of a YAML stream, loaded by yaml-cpp, with what yaml-cpp lets through caught:
// Error("cannot parse 'FILE' at line N: ...") for a syntax error, nesting too deep, or a quoted
// scalar left open at the end (unterminated_quote.hpp). What the documents hold (duplicate keys,
// tags, alias bombs) is checked when they are converted (yaml_to_value.hpp).
std::vector<YAML::Node> load_yaml_documents(std::string_view text, const std::string& file);

}  // namespace gitops::manifest
