#include "manifest/yaml_load.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "manifest/parse_error.hpp"
#include "manifest/unterminated_quote.hpp"

namespace gitops::manifest {

std::vector<YAML::Node> load_yaml_documents(std::string_view text, const std::string& file) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::DeepRecursion& error) {  // its own message is "bad file"
    throw parse_error(file, error.mark.is_null() ? 0 : error.mark.line + 1, "nesting is too deep");
  } catch (const YAML::Exception& error) {
    throw parse_error(file, error.mark.is_null() ? 0 : error.mark.line + 1, error.msg);
  }
  if (!documents.empty()) {
    if (auto line = unterminated_quote_line(text, documents.back())) {
      throw parse_error(file, *line, "unterminated quoted string");
    }
  }
  return documents;
}

}  // namespace gitops::manifest
