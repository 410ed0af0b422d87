#pragma once

#include <string>

#include "diff/file_diff.hpp"

namespace gitops::diff {

// Files that hold a Secret, as gitpromote and gitrevert show them: keys named, values never, with
// the markers gitdiff uses (secret_data.hpp). Source text is never shown, so block scalars, flow
// maps, quoted or multi-line values, comments and base64 cannot leak a value or part of one.
//
// A file holds a Secret when one of its documents, or an item of a `*List`, is of kind Secret.
// It is shown as its documents re-emitted as YAML (to_yaml: comments and layout dropped), every
// value of each Secret's data and stringData replaced: "***" where both sides hold the same value,
// "*** (before)" and "*** (after)" where they differ or only one side has the key. Secrets are
// paired by namespace and name, the rest in file order; an unpaired one shows "***" throughout.
//
// A file that names kind Secret where it cannot be masked key by key (text that does not parse as
// YAML, a Secret inside a string such as a kustomize patch, a `kind: Secret` under another key such
// as a patch target) counts too, and shows no content at all: one line saying why, then "***" or
// its marker.

// Whether the text of a file holds a Secret, as above.
bool holds_secret(const std::string& text);

// The edit as it may be shown: unchanged when neither side holds a Secret, else both sides masked
// as above (so the diff of them names the keys that changed). A kustomization with a
// secretGenerator is masked the same way, its literals too (secret_generator.hpp).
FileEdit masked_file_edit(const FileEdit& edit);

}  // namespace gitops::diff
