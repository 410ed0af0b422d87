// Image references as manifests and gitpromote's flags give them. A reference that parses must
// print as written and parse again to the same parts.

#include <string>

#include "fuzz_input.hpp"
#include "manifest/image_ref.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using gitops::manifest::parse_image_ref;
  const auto text = gitops::fuzz::text_of(data, size);
  const auto ref = parse_image_ref(text);
  if (!ref)
    return 0;
  if (ref->str() != text)
    gitops::fuzz::finding("'" + std::string(text) + "' prints as '" + ref->str() + "'");
  const auto again = parse_image_ref(ref->str());
  if (!again || again->name != ref->name || !(again->version == ref->version))
    gitops::fuzz::finding("'" + ref->str() + "' does not parse again to the same parts");
  ref->registry();
  ref->repository();
  ref->canonical_name();
  ref->short_name();
  ref->version.describe();
  return 0;
}
