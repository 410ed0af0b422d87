#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "manifest/value.hpp"

namespace gitops::manifest {

// The rules of YAML scalars, in one place for the parser, the emitter (yaml_emit.hpp) and the
// in-place editor (yaml_edit.hpp): what a plain scalar reads as, when a string may be written
// plain, how to quote it, and where a quoted scalar ends in the text.

// --- Reading

// Types one scalar the way sigs.k8s.io/yaml does (go-yaml v2's resolve.go, YAML 1.1 rules), so that
// equal manifests compare equal to what the API server stores.
// `tag` is yaml-cpp's: "?" for a plain scalar, typed by its text (yes/on -> true, 0123 -> 83,
// 1.10 -> 1.1, ~ -> null ...); "!" for a quoted or block scalar, always a string; or an explicit
// tag such as "tag:yaml.org,2002:int". Unknown tags leave the text a string, as go-yaml does.
// Returns nullopt when the text does not fit its explicit tag (`!!int abc`).
std::optional<Value> type_scalar(std::string_view tag, std::string_view text);

// Whether some reader would take `text`, written plain, for something else than this string: a
// bool, null or number to go-yaml v2 (type_scalar), a number to YAML 1.2 and JSON readers ("1e3",
// "1e999"), a time or a base-60 number to YAML 1.1 readers ("2024-01-31", "1:20"), a merge key
// ("<<") or YAML 1.1's value key ("=").
bool plain_reads_as_other_type(std::string_view text);

// --- Writing

// Where a plain scalar is to stand. In a flow collection ([a, b], {k: v}) ",[]{}" end it and a
// leading '?' or ':' is an indicator; a writer that cannot tell says `flow`, the stricter.
enum class PlainContext { block, flow };

// Whether `text` written plain is read back as these very characters, before any typing: printable
// on one line, no leading or trailing space, no leading indicator, no ": " or " #", no final ':'.
bool plain_text_survives(std::string_view text, PlainContext context);

// Whether the string `text` may be written plain and be read back as this string by every reader:
// plain_text_survives and not plain_reads_as_other_type.
bool fits_plain(std::string_view text, PlainContext context);

// Whether single quotes hold `text` as it is: printable on one line (a line break there would be
// folded into a space, and single quotes have no escapes).
bool fits_single_quoted(std::string_view text);

// Whether a literal block (`|`) holds `text` exactly: printable, tabs and line breaks allowed, no
// blank before a line break or at the end (invisible, and libyaml refuses them as kubectl does),
// no first line that starts with a blank (it would need an indentation indicator), and some line
// that is not empty.
bool fits_literal(std::string_view text);

// JSON-style double-quoted, which every YAML reader reads back: \" \\ \b \f \n \r \t and \uXXXX for
// other characters a YAML reader would not take literally (controls, NEL, LS, PS, BOM); invalid
// UTF-8 becomes U+FFFD.
std::string double_quoted(std::string_view text);

// '...' with '' for a quote; for text that fits_single_quoted.
std::string single_quoted(std::string_view text);

// How the emitter writes a string so that a YAML 1.1 reader (sigs.k8s.io/yaml, and our own
// manifest parser) reads back the same string, in block context.
enum class StringStyle {
  plain,          // as is: web, nginx:1.25, --port=8080
  double_quoted,  // "on", "0123", "", "a: b", " padded", "tab\there"
  literal,        // a `|` block: multi-line text a block can hold exactly
};

StringStyle string_style(std::string_view text);

// --- Finding a scalar in the text

// Skips a node's properties (`!tag`, `&anchor`, and the blanks and line breaks after them), which
// yaml-cpp's mark points at: where the node's own text begins.
std::size_t skip_properties(std::string_view text, std::size_t at);

// One past the quote closing the quoted scalar that opens at text[at] ("..." with backslash
// escapes, '...' with '' for a quote), or nullopt when the text ends first.
std::optional<std::size_t> quoted_scalar_end(std::string_view text, std::size_t at);

}  // namespace gitops::manifest
