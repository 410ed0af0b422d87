#include "manifest/yaml_load.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <sstream>

#include "manifest/parse_error.hpp"
#include "manifest/unterminated_quote.hpp"
#include "util/utf8.hpp"

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

// YAML streams hold printable characters only (YAML 1.2, c-printable), as kubectl's reader insists
// ("control characters are not allowed"). yaml-cpp lets them through and reads some wrongly:
// "key:\x04value" became a mapping that no YAML writer can write back (a fuzz finding of the
// editor), so they are refused. So is a carriage return that no line feed follows (old Mac line
// breaks): kubectl's reader breaks lines there, yaml-cpp does not, so the two would read
// different objects from one file (another fuzz finding of the editor).
void refuse_control_characters(std::string_view text, const std::string& file) {
  const auto control = std::find_if(text.begin(), text.end(), [&](const char& c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == '\r')
      return &c + 1 == text.data() + text.size() || *(&c + 1) != '\n';
    return (byte < 0x20 && byte != '\t' && byte != '\n') || byte == 0x7f;
  });
  if (control == text.end())
    return;
  const int line = 1 + static_cast<int>(std::count(text.begin(), control, '\n'));
  if (*control == '\r') {
    throw parse_error(file, line,
                      "a carriage return without a line feed breaks lines differently in "
                      "different YAML readers; use \\n or \\r\\n line breaks");
  }
  char code[8];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned char>(*control));
  throw parse_error(file, line,
                    std::string("control character ") + code + " is not allowed in YAML");
}

// YAML is Unicode, and kubectl's reader refuses bytes that are not UTF-8 ("invalid leading UTF-8
// octet"). yaml-cpp takes any bytes, and an edit among them need not read back (a fuzz finding of
// the editor). Streams in UTF-16 or UTF-32, which both readers take with their byte-order mark,
// are left to yaml-cpp.
void refuse_invalid_utf8(std::string_view text, const std::string& file) {
  const auto starts = [&](std::string_view mark) { return text.substr(0, mark.size()) == mark; };
  using namespace std::string_view_literals;
  if (starts("\xFE\xFF"sv) || starts("\xFF\xFE"sv) || starts("\0\0\xFE\xFF"sv))
    return;
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    if (util::next_code_point(text, i) == util::kInvalidUtf8) {
      const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + start, '\n'));
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[start]));
      throw parse_error(
          file, line,
          std::string("invalid UTF-8 (byte ") + byte + "); YAML files are Unicode text");
    }
  }
}

}  // namespace

std::vector<YAML::Node> load_yaml_documents(std::string_view text, const std::string& file) {
  refuse_control_characters(text, file);
  refuse_invalid_utf8(text, file);
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
