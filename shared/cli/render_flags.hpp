#pragma once

#include <string>
#include <vector>

#include "cli/flag_table.hpp"

namespace gitops::cli {

// How Helm charts and Jsonnet render, declared once for every plugin that renders a revision
// (gitdiff, gitsync, gitpromote's --verify-source, gitrevert): --helm, --values, --set,
// --ext-str, --ext-code, --tla-str and --tla-code, in the section "Rendering flags".
struct RenderFlags {
  std::string helm;  // --helm; else $HELM; else "helm"
  std::vector<std::string> values;
  std::vector<std::string> set;
  std::vector<std::string> ext_str, ext_code, tla_str, tla_code;

  void add_flags(FlagTable& table);

  // Refuses a --set, --ext-*, or --tla-* without a NAME (--set also without "=").
  void validate() const;
};

}  // namespace gitops::cli
