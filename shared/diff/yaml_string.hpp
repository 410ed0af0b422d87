#pragma once

#include <string>
#include <string_view>

namespace gitops::diff {

// How a string is written in YAML so that a YAML 1.1 reader (sigs.k8s.io/yaml, and our own
// manifest parser) reads back the same string.
enum class StringStyle {
  plain,          // as is: web, nginx:1.25, --port=8080
  double_quoted,  // "on", "0123", "", "a: b", " padded", "tab\there"
  literal,        // a `|` block: multi-line text a block can hold exactly
};

StringStyle string_style(std::string_view text);

// JSON-style double-quoted: \" \\ \b \f \n \r \t and \uXXXX for other characters a YAML reader
// would not take literally (controls, NEL, LS, PS, BOM); invalid UTF-8 becomes U+FFFD.
std::string double_quoted(std::string_view text);

}  // namespace gitops::diff
