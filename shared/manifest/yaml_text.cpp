#include "manifest/yaml_text.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "manifest/parse_error.hpp"
#include "manifest/unterminated_quote.hpp"
#include "manifest/yaml_to_value.hpp"

namespace gitops::manifest {

YamlText load_yaml_text(std::string text, const std::string& path) {
  YamlText result;
  result.path = path;
  result.bom = std::string_view(text).starts_with("\xEF\xBB\xBF") ? 3 : 0;
  try {
    result.documents = YAML::LoadAll(text);
  } catch (const YAML::DeepRecursion& error) {  // its own message is "bad file"
    throw parse_error(path, error.mark.is_null() ? 0 : error.mark.line + 1, "nesting is too deep");
  } catch (const YAML::Exception& error) {
    throw parse_error(path, error.mark.is_null() ? 0 : error.mark.line + 1, error.msg);
  }
  if (!result.documents.empty()) {
    if (auto line = unterminated_quote_line(text, result.documents.back())) {
      throw parse_error(path, *line, "unterminated quoted string");
    }
  }
  // Converting checks duplicate keys and tags, and bounds what walking a document may cost.
  for (const auto& document : result.documents) {
    yaml_to_value(document, path);
  }
  result.text = std::move(text);
  return result;
}

}  // namespace gitops::manifest
