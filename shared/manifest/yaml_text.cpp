#include "manifest/yaml_text.hpp"

#include <yaml-cpp/yaml.h>

#include "manifest/yaml_load.hpp"
#include "manifest/yaml_to_value.hpp"
#include "util/utf8.hpp"

namespace gitops::manifest {

YamlText load_yaml_text(std::string text, const std::string& path) {
  YamlText result;
  result.path = path;
  result.bom = util::byte_order_mark_size(text);
  result.documents = load_yaml_documents(text, path);
  // Converting checks duplicate keys and tags, and bounds what walking a document may cost.
  for (const auto& document : result.documents) {
    yaml_to_value(document, path);
  }
  result.text = std::move(text);
  return result;
}

}  // namespace gitops::manifest
