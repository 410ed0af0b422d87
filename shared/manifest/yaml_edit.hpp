#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/node/node.h>

#include "manifest/yaml_text.hpp"

namespace gitops::manifest {

// Editing YAML text in place, at the marks yaml-cpp gives, so that every byte not edited stays:
// comments, key order, quoting, indentation, blank lines, the other documents of the stream.
// (Re-emitting through yaml-cpp would lose comments and the quotes that keep "1.10" a string.)

enum class ScalarStyle { plain, single_quoted, double_quoted };

// Where a scalar is written: [begin, end) in the text (after any !tag or &anchor), and how.
struct ScalarSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  ScalarStyle style = ScalarStyle::plain;
  int line = 0;  // 1-based
};

// Finds a scalar's span. Error("cannot edit 'FILE' at line N: ...") for a block scalar (| or >),
// a plain scalar folded over several lines, or a node whose text cannot be found.
ScalarSpan scalar_span(const YamlText& yaml, const YAML::Node& scalar);

// What the new value of a scalar is.
enum class ScalarKind {
  string,  // must read back as this very string: "1.10" gets quotes rather than become 1.1
  typed,   // the text of a plain scalar some reader types (5, -1, true, 1.5, 2024-01-31), copied
           // as it is (plain_reads_as_other_type in yaml_scalar.hpp tells)
};

// The text to write for `value` where a scalar of `style` was: double-quoted stays double-quoted,
// single-quoted stays single-quoted (unless single quotes cannot hold the value: a line break, a
// tab, a control character), plain stays plain unless the value would then read differently (a
// number, a boolean, null, a time, or special characters), in which case it is double-quoted.
// The rules are yaml_scalar.hpp's, taken strictly (PlainContext::flow), as the scalar may stand
// inside a flow collection.
std::string render_scalar(const std::string& value, ScalarStyle style, ScalarKind kind);

// One replacement of the text: [begin, end) becomes `replacement` (begin == end inserts).
struct TextEdit {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string replacement;
  int line = 0;  // 1-based, for messages
  // For a scalar's new value: what the edited text must read as there (apply_edits checks).
  std::optional<std::string> reads_as;
};

// Replaces a scalar's value (render_scalar in its own style).
TextEdit replace_scalar(const YamlText& yaml, const YAML::Node& scalar, const std::string& value,
                        ScalarKind kind);

// Adds `key: value` (`value` already rendered) after the last entry of a mapping: on a line of
// its own with the indentation of the mapping's keys (block style), or after a comma (flow style).
// Entries named in `removed` (being removed by other edits) do not count as the last. The last
// entry's value must be a scalar.
TextEdit insert_entry(const YamlText& yaml, const YAML::Node& mapping, const std::string& key,
                      const std::string& value, const std::vector<std::string>& removed = {});

// Removes the entry `key` of a block mapping, with its line. Error when the entry shares its line
// with something else ("- key: ..." opening a sequence item) or the mapping is in flow style.
TextEdit remove_entry(const YamlText& yaml, const YAML::Node& mapping, const std::string& key);

// Applies edits to the text; Error naming `path` and the line when two of them overlap. The result
// is read again as yaml-cpp reads it: it must load, and each replaced scalar must read as its new
// value, else Error ("... would not read back ...; edit it by hand"): a quirk of the reader (a
// fuzz finding) never becomes a file that says something else.
std::string apply_edits(const std::string& text, std::vector<TextEdit> edits,
                        const std::string& path);

}  // namespace gitops::manifest
