#include "manifest/yaml_load.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <sstream>

#include "manifest/parse_error.hpp"
#include "manifest/unterminated_quote.hpp"

namespace gitops::manifest {

namespace {

// Where each document of a stream starts; nothing is built.
class DocumentStarts : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  YAML::Mark start;
};

// yaml-cpp 0.7 (Debian 12's) loops for ever in LoadAll on some malformed streams, a new empty
// document at the same place each turn, until memory runs out (a fuzz finding; fixed upstream
// after 0.8). A first pass over the parser's events, building nothing, refuses such a stream.
void refuse_a_parser_that_stops_moving(const std::string& text, const std::string& file) {
  std::istringstream input(text);
  YAML::Parser parser(input);
  DocumentStarts starts;
  std::optional<int> previous;
  while (parser.HandleNextDocument(starts)) {
    if (previous == starts.start.pos) {
      throw parse_error(file, starts.start.line + 1,
                        "not a YAML stream the parser can read (it stops moving here)");
    }
    previous = starts.start.pos;
  }
}

}  // namespace

std::vector<YAML::Node> load_yaml_documents(std::string_view text, const std::string& file) {
  std::vector<YAML::Node> documents;
  try {
    refuse_a_parser_that_stops_moving(std::string(text), file);
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
