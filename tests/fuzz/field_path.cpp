// Field paths and ignore rules as users write them (--ignore, .gitdiffignore) and value paths
// (gitpromote --field). A path that parses must print in a form that parses to the same steps.

#include <string>

#include "diff/field_path.hpp"
#include "diff/ignore_rules.hpp"
#include "fuzz_input.hpp"
#include "manifest/yaml_path.hpp"

namespace {

using namespace gitops;

void field_path_round_trips(const std::string& text) {
  fuzz::answer_bad_input_with_errors([&] {
    const auto path = diff::FieldPath::parse(text);
    const auto printed = path.to_string();
    path.schema_path();
    path.last_key();
    path.parent_key();
    if (diff::FieldPath::parse(printed).steps() != path.steps())
      fuzz::finding("field path '" + text + "' prints as '" + printed +
                    "', which parses to other steps");
  });
}

void value_path_round_trips(const std::string& text) {
  fuzz::answer_bad_input_with_errors([&] {
    const auto path = manifest::parse_value_path(text);
    const auto printed = manifest::format_value_path(path);
    const auto again = manifest::parse_value_path(printed);
    bool same = again.size() == path.size();
    for (std::size_t i = 0; same && i < path.size(); ++i)
      same = again[i].key == path[i].key && again[i].index == path[i].index;
    if (!same)
      fuzz::finding("value path '" + text + "' prints as '" + printed +
                    "', which parses to other steps");
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(fuzz::text_of(data, size));
  field_path_round_trips(text);
  value_path_round_trips(text);
  fuzz::answer_bad_input_with_errors([&] { diff::parse_ignore_rule(text); });
  fuzz::answer_bad_input_with_errors([&] { diff::parse_ignore_file(text, ".gitdiffignore"); });
  return 0;
}
