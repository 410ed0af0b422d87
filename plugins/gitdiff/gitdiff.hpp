#pragma once

#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/render_flags.hpp"
#include "cli/trust_flags.hpp"
#include "sync/app_record.hpp"

namespace gitops::gitdiff {

struct Options {
  cli::CommonOptions common;
  cli::RenderFlags render;
  cli::TrustFlags trust;
  std::string revision = "HEAD";
  bool worktree = false;
  bool server_side = false;
  bool policy = false;
  std::string repo;
  std::string app;
  std::string record_namespace = sync::kDefaultRecordNamespace;
  std::vector<std::string> ignore;
  std::vector<std::string> paths;
  bool rev_given = false;
};

// kubectl gitdiff: what differs between git and the live cluster, or between two revisions.
// Exit code: 0 no differences, 1 differences, 2 and above an error.
class GitDiff final : public cli::Command {
 public:
  cli::CommandInfo info() const override;
  cli::CommonOptions& common() override { return options_.common; }
  void add_flags(cli::FlagTable& table) override;
  void complete(const cli::CommandLine& command_line) override;
  void validate(const cli::CommandLine& command_line) const override;
  int run(const cli::Streams& streams) override;

 private:
  Options options_;
};

}  // namespace gitops::gitdiff
