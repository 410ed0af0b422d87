#pragma once

// What the agent knows of its apps, shared by their threads and its endpoints: the last round of
// each, counters for /metrics, and requests for an immediate round (a webhook).

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "agent/app_spec.hpp"
#include "agent/round.hpp"

namespace gitops::agent {

class Fleet {
 public:
  explicit Fleet(const std::vector<AppSpec>& apps);

  // A round of `app` ended with `event` after `took`.
  void record(const Event& event, std::chrono::duration<double> took);

  // Asks for a round of every app watching `branch` ("" : every app) at once; the names asked.
  std::vector<std::string> poke(const std::string& branch);
  // Whether a round was asked for `app` since the last call (and forgets the request).
  bool take_poke(const std::string& app);

  // With leader election (--leader-elect): whether this replica leads now.
  void set_leading(bool leading);
  bool leading() const;

  // Every app has finished a round, or this replica follows (a follower runs none, and is as
  // ready as it will be).
  bool ready() const;
  // Prometheus' text format: gitops_syncs_total{app,result}, gitops_drifted_objects{app},
  // gitops_last_sync_timestamp_seconds{app}, gitops_round_duration_seconds{app},
  // gitops_rounds_total{app,reason}, and gitops_leader (1 leads, 0 follows) with an election.
  std::string metrics() const;
  // GET /apps: [{name, context, branch, paths, revision, lastReason, lastMessage, lastRoundAt,
  // drifted, rounds}].
  std::string apps_json() const;

 private:
  struct State {
    AppSpec spec;
    Event last;
    std::string last_round_at;  // RFC 3339
    double last_round_seconds = 0;
    double last_sync_time = 0;  // Unix seconds of the last sync that succeeded
    int rounds = 0;
    int drifted = 0;
    std::map<std::string, int> syncs;    // by result: succeeded, failed
    std::map<std::string, int> reasons;  // rounds by reason
    std::atomic<bool> poked{false};
  };

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<State>> apps_;
  std::atomic<int> leading_{-1};  // -1: no election; else 0 or 1
};

}  // namespace gitops::agent
