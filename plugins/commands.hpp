#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "cli/command.hpp"

namespace gitops::plugins {

// The four plugins by name ("gitdiff", ...), for the completion programs and the tests; nullptr
// for any other name.
std::unique_ptr<cli::Command> make_command(std::string_view name);

// "gitdiff", "gitsync", "gitpromote", "gitrevert".
const std::vector<std::string_view>& command_names();

}  // namespace gitops::plugins
