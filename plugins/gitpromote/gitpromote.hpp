#pragma once

#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/render_flags.hpp"
#include "cli/trust_flags.hpp"
#include "sync/app_record.hpp"

namespace gitops::gitpromote {

struct Options {
  std::string from;
  std::string to;
  std::string revision = "HEAD";
  std::vector<std::string> images;
  std::vector<std::string> fields;
  std::vector<std::string> files;
  std::vector<std::string> set_images;
  std::string branch;
  bool push = false;
  std::string remote = "origin";
  std::string repo_url;
  bool dry_run = false;
  bool verify_source = false;
  bool policy = false;
  std::string source_app;
  std::string record_namespace = sync::kDefaultRecordNamespace;
  cli::CommonOptions common;  // kubectl runs only for --verify-source
  cli::RenderFlags render;    // so do charts and Jsonnet
  cli::TrustFlags trust;      // the source revision's signature
  cli::SignFlags sign;        // the promotion commit's
};

// kubectl gitpromote: promote a release from one environment folder to the next as one commit.
// Exit code: 0 promoted or nothing to promote, 2 and above an error (nothing committed).
class GitPromote final : public cli::Command {
 public:
  cli::CommandInfo info() const override;
  cli::CommonOptions& common() override { return options_.common; }
  void add_flags(cli::FlagTable& table) override;
  void complete(const cli::CommandLine&) override {}
  void validate(const cli::CommandLine& command_line) const override;
  int run(const cli::Streams& streams) override;

 private:
  Options options_;
};

}  // namespace gitops::gitpromote
