#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/render_flags.hpp"
#include "cli/trust_flags.hpp"
#include "sync/app_record.hpp"
#include "sync/sync_app.hpp"

namespace gitops::gitsync {

struct Options {
  cli::CommonOptions common;
  cli::RenderFlags render;
  cli::TrustFlags trust;
  std::string revision = "HEAD";
  std::string repo;
  std::string app;
  std::string record_namespace = sync::kDefaultRecordNamespace;
  std::vector<std::string> ignore;
  std::vector<std::string> paths;
  bool dry_run = false;
  bool prune = false;
  bool status = false;
  bool force_conflicts = false;
  bool policy = false;
  bool break_lock = false;
  bool change_paths = false;
  bool wait = false;
  bool rollback_on_failure = false;
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  bool app_given = false;
  // The agent (--watch).
  bool watch = false;
  bool suspend = false;
  bool resume = false;
  std::string apps_file;
  std::string branch;
  bool self_heal = false;
  std::chrono::milliseconds interval{std::chrono::minutes(1)};
  std::string listen;
  std::string webhook_secret_file;
  std::vector<std::string> notify;
  std::string notify_format = "generic";
  std::string notify_hmac_key_file;
  bool leader_elect = false;
};

// kubectl gitsync: apply a committed revision to the cluster, with an inventory, safe pruning, a
// lock and a history. Exit code: 0 synced (or planned), 2 and above an error or a sync in which
// some object failed.
class GitSync final : public cli::Command {
 public:
  cli::CommandInfo info() const override;
  cli::CommonOptions& common() override { return options_.common; }
  void add_flags(cli::FlagTable& table) override;
  void complete(const cli::CommandLine& command_line) override;
  void validate(const cli::CommandLine& command_line) const override;
  int run(const cli::Streams& streams) override;

 private:
  void print_outcome(const sync::SyncOutcome& outcome, const cli::Streams& streams) const;
  static void print_failures(const sync::SyncOutcome& outcome, const cli::Streams& streams);
  int watch(const cli::Streams& streams);
  // --status without --app: every app of the cluster, or of --apps FILE.
  int fleet_status(const cli::Streams& streams);

  Options options_;
};

}  // namespace gitops::gitsync
