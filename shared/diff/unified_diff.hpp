#pragma once

#include <string>

namespace gitops::diff {

// A unified diff of two texts, line by line, with 3 lines of context: the `--- before_label` and
// `+++ after_label` headers, then `@@ -a,b +c,d @@` hunks. An empty `before` (a created object)
// gives one hunk of `+` lines, an empty `after` one of `-` lines. Equal texts give "" (no headers
// either). A missing final newline is not marked: texts here are YAML, which always ends in one.
// `color` adds ANSI colours (bold headers, red `-`, green `+`, cyan `@@`), reset at each line end.
std::string unified_diff(const std::string& before, const std::string& after,
                         const std::string& before_label, const std::string& after_label,
                         bool color);

}  // namespace gitops::diff
