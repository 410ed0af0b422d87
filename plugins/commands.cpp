#include "commands.hpp"

#include "gitdiff/gitdiff.hpp"
#include "gitpromote/gitpromote.hpp"
#include "gitrevert/gitrevert.hpp"
#include "gitsync/gitsync.hpp"

namespace gitops::plugins {

std::unique_ptr<cli::Command> make_command(std::string_view name) {
  if (name == "gitdiff")
    return std::make_unique<gitdiff::GitDiff>();
  if (name == "gitsync")
    return std::make_unique<gitsync::GitSync>();
  if (name == "gitpromote")
    return std::make_unique<gitpromote::GitPromote>();
  if (name == "gitrevert")
    return std::make_unique<gitrevert::GitRevert>();
  return nullptr;
}

const std::vector<std::string_view>& command_names() {
  static const std::vector<std::string_view> names = {"gitdiff", "gitsync", "gitpromote",
                                                      "gitrevert"};
  return names;
}

}  // namespace gitops::plugins
