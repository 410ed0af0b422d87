// The byte-exact YAML editor gitpromote writes with: any YAML stream (before the first NUL byte),
// each scalar of its first document replaced by any value (after it). An edit the editor makes
// must leave YAML that loads and reads the new value where the old one was.

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "manifest/yaml_edit.hpp"
#include "manifest/yaml_path.hpp"
#include "manifest/yaml_text.hpp"
#include "util/utf8.hpp"

namespace {

using namespace gitops;
using Path = std::vector<manifest::PathStep>;

// The paths of the scalars under `node` (at most 16: one input, a few edits).
void collect_scalars(const YAML::Node& node, Path& at, std::vector<Path>& found) {
  if (found.size() >= 16)
    return;
  if (node.IsScalar()) {
    found.push_back(at);
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      at.push_back({"", i});
      collect_scalars(node[i], at, found);
      at.pop_back();
    }
  } else if (node.IsMap()) {
    for (const auto& entry : node) {
      if (!entry.first.IsScalar())
        continue;
      at.push_back({entry.first.Scalar(), std::nullopt});
      collect_scalars(entry.second, at, found);
      at.pop_back();
    }
  }
}

void edit_and_read_back(const manifest::YamlText& yaml, const Path& path, const std::string& value,
                        manifest::ScalarKind kind) {
  fuzz::answer_bad_input_with_errors([&] {
    const auto scalar = manifest::node_at(yaml.documents.front(), path);
    if (!scalar || !scalar->IsScalar())
      return;
    const auto edited = manifest::apply_edits(
        yaml.text, {manifest::replace_scalar(yaml, *scalar, value, kind)}, yaml.path);
    manifest::YamlText again;
    try {
      again = manifest::load_yaml_text(edited, yaml.path);
    } catch (const Error& error) {
      fuzz::finding("the edit left YAML that does not load (" + std::string(error.what()) + "):\n" +
                    edited);
    }
    if (again.documents.empty())
      fuzz::finding("the edit left no document:\n" + edited);
    const auto now = manifest::node_at(again.documents.front(), path);
    if (kind == manifest::ScalarKind::string &&
        (!now || !now->IsScalar() || now->Scalar() != value))
      fuzz::finding("the edit does not read back as '" + value + "':\n" + edited);
  });
}

// A YAML stream is Unicode: bytes that are not UTF-8 cannot be a value at all (gitpromote's
// values come from YAML files and image references), so they are not asked to read back.
bool is_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    if (util::next_code_point(text, i) == util::kInvalidUtf8)
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [yaml_text, value_text] = fuzz::split_at_nul(fuzz::text_of(data, size));
  const std::string value(value_text);
  if (!is_utf8(value))
    return 0;
  manifest::YamlText yaml;
  try {
    yaml = manifest::load_yaml_text(std::string(yaml_text), "envs/fuzz/values.yaml");
  } catch (const Error&) {
    return 0;
  }
  if (yaml.documents.empty())
    return 0;
  Path at;
  std::vector<Path> scalars;
  collect_scalars(yaml.documents.front(), at, scalars);
  for (const auto& path : scalars) {
    edit_and_read_back(yaml, path, value, manifest::ScalarKind::string);
    fuzz::answer_bad_input_with_errors([&] {
      manifest::render_scalar(value, manifest::ScalarStyle::plain, manifest::ScalarKind::typed);
    });
  }
  return 0;
}
