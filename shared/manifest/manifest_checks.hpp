#pragma once

#include <string_view>

#include "manifest/object.hpp"

namespace gitops::manifest {

enum class ManifestKind {
  not_a_manifest,  // neither apiVersion nor kind: a values file, a tool's config
  object,
  list,  // kind: List, ConfigMapList ... with an `items` array, to expand
};

// Tells what a parsed document (or List item) is and checks what a declarative tool needs of it:
// apiVersion and kind together, as non-empty strings, and metadata.name (an object known only by
// metadata.generateName cannot be found again; only a hook, which is created anew, may have one).
// Throws Error naming `source`; `subject`
// ("document", "list item") names the body in messages.
ManifestKind check_manifest(const Value& body, const SourceLocation& source,
                            std::string_view subject);

}  // namespace gitops::manifest
