#pragma once

#include <string>

#include "cli/command.hpp"
#include "cli/render_flags.hpp"
#include "cli/trust_flags.hpp"
#include "kube/api_client.hpp"
#include "kube/kubectl.hpp"
#include "sync/app_record.hpp"

namespace gitops::gitrevert {

struct Options {
  cli::CommonOptions common;
  cli::RenderFlags render;
  cli::SignFlags sign;  // the revert commit's signature
  std::string app;
  std::string record_namespace = sync::kDefaultRecordNamespace;
  std::string repo;
  std::string to;
  int steps = 0;
  std::string commit;
  bool list = false;
  bool cluster_only = false;
  bool unpin = false;
  bool sync = false;
  bool push = false;
  std::string branch;
  std::string remote = "origin";
  bool dry_run = false;
};

// kubectl gitrevert: list what was synced, revert in git (and sync), or roll the cluster back at
// once and pin it there. Exit code: 0 done, 2 and above an error or a failed sync.
class GitRevert final : public cli::Command {
 public:
  cli::CommandInfo info() const override;
  cli::CommonOptions& common() override { return options_.common; }
  void add_flags(cli::FlagTable& table) override;
  void complete(const cli::CommandLine&) override {}
  void validate(const cli::CommandLine& command_line) const override;
  int run(const cli::Streams& streams) override;

 private:
  int list(kube::ApiClient& api, const cli::Streams& streams) const;
  int cluster_only(const kube::Kubectl& kubectl, kube::ApiClient& api,
                   const cli::Streams& streams) const;
  int revert_in_git(const kube::Kubectl& kubectl, kube::ApiClient& api,
                    const cli::Streams& streams) const;

  Options options_;
};

}  // namespace gitops::gitrevert
