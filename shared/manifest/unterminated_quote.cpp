#include "manifest/unterminated_quote.hpp"

#include <yaml-cpp/yaml.h>

#include "manifest/yaml_scalar.hpp"
#include "manifest/yaml_to_value.hpp"
#include "util/utf8.hpp"

namespace gitops::manifest {

namespace {

// The node written last: the last item or value, down to a scalar. An empty value (`key:`) carries
// the mark of the token after it, so its key stands in; an alias marks its anchor, earlier in the
// text, so the descent stops there (the text ends with the alias, not with a quote).
// (Nodes are copied, never assigned: yaml-cpp's assignment rewrites the node assigned to.)
std::optional<YAML::Node> last_written_scalar(const YAML::Node& node, int depth) {
  if (node.IsScalar()) {
    return node;
  }
  std::optional<YAML::Node> next;
  if (node.IsSequence() && node.size() > 0) {
    next.emplace(node[node.size() - 1]);
  } else if (node.IsMap()) {
    for (const auto& pair : node) {
      next.emplace(pair.second.IsNull() ? pair.first : pair.second);
    }
  }
  if (!next || next->Mark().pos < node.Mark().pos || depth >= kMaxDocumentDepth) {
    return std::nullopt;
  }
  return last_written_scalar(*next, depth + 1);
}

}  // namespace

std::optional<int> unterminated_quote_line(std::string_view text, const YAML::Node& last_document) {
  auto scalar = last_written_scalar(last_document, 0);
  if (!scalar || scalar->Tag() == "?" || scalar->Mark().is_null()) {
    return std::nullopt;
  }
  // yaml-cpp's positions start after a byte order mark.
  std::size_t offset = util::byte_order_mark_size(text);
  std::size_t at = skip_properties(text, offset + scalar->Mark().pos);
  if (at >= text.size() || (text[at] != '"' && text[at] != '\'') ||
      quoted_scalar_end(text, at).has_value()) {
    return std::nullopt;
  }
  return line_of(*scalar);
}

}  // namespace gitops::manifest
