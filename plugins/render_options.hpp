#pragma once

#include <ostream>
#include <string>

#include "cli/common_options.hpp"
#include "cli/render_flags.hpp"
#include "pipeline/plan.hpp"

namespace gitops::plugins {

// How a plugin's revisions render: its rendering flags, helm run as kubectl is (its timeout, and
// with -v its command lines on `err`), charts released as `app` in -n's namespace (else the
// target's), and each note about skipped folders written once to `err` as
// "kubectl-<plugin>: note: ...".
pipeline::RenderOptions render_options(const cli::RenderFlags& flags,
                                       const cli::CommonOptions& common, const std::string& program,
                                       std::ostream& err, const std::string& app);

}  // namespace gitops::plugins
