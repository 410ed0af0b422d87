#pragma once

#include <string>
#include <vector>

namespace gitops::complete {

// kubectl_complete-<plugin>: prints the candidates for the last of `words` (what follows the
// plugin's name on the command line), one a line, then Cobra's directive line (":4"). Revisions
// come from the repository, apps from the cluster; either failing leaves no candidates.
int run(const std::string& plugin, const std::vector<std::string>& words);

// "gitdiff" from "/usr/local/bin/kubectl_complete-gitdiff"; "" when the name has no such form.
std::string plugin_from_program(const std::string& argv0);

}  // namespace gitops::complete
