#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "git/repository.hpp"
#include "manifest/object.hpp"

namespace gitops::manifest {

// The dependencies a chart's Chart.yaml declares that are not vendored under its charts/ folder
// (as a folder holding Chart.yaml, or as NAME-VERSION.tgz): helm would need the network for them.
// `files` are the repository's files (those of the chart at least), `chart` its folder.
std::vector<std::string> unvendored_dependencies(const std::vector<git::File>& files,
                                                 const std::string& chart);

// Throws Error (invalid input) naming the chart and the first unvendored dependency, and saying
// to run `helm dependency build`; returns when every dependency is vendored.
void require_vendored_dependencies(const std::vector<git::File>& files, const std::string& chart);

// `helm template`'s output as objects, each from the template its "# Source:" comment names,
// under the chart's repository folder: "charts/web/templates/deployment.yaml" (line unknown).
std::vector<Object> parse_chart_output(std::string_view text, const std::string& chart);

}  // namespace gitops::manifest
