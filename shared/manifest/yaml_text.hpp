#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/node/node.h>

namespace gitops::manifest {

// A YAML stream loaded for editing in place: the text, as it is, and its documents, whose nodes'
// marks point into it.
struct YamlText {
  std::string path;  // repository-relative, for messages
  std::string text;
  std::vector<YAML::Node> documents;
  std::size_t bom = 0;  // a UTF-8 byte-order mark, which yaml-cpp's marks do not count
};

// Loads every document of `text` with the checks parse_manifests makes: Error("cannot parse
// 'FILE' at line N: ...") for a syntax error, an unterminated quote, a duplicate key, a scalar
// that does not fit its tag, or an alias bomb.
YamlText load_yaml_text(std::string text, const std::string& path);

}  // namespace gitops::manifest
