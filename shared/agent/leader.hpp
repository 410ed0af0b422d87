#pragma once

#include <chrono>
#include <string>

#include "kube/api_client.hpp"

namespace gitops::agent {

// Leader election among the agent's replicas (--leader-elect): one Lease, held by whoever renewed
// it last within its duration. As client-go's leaderelection does, expiry is judged on this
// process's own clock, from when it last saw the Lease change, never by comparing the clocks of
// two machines; a write loses to a concurrent one through the Lease's resourceVersion.
class LeaderLease {
 public:
  static constexpr std::chrono::seconds kDuration{15};
  static constexpr std::chrono::seconds kRetry{2};

  LeaderLease(kube::ApiClient& api, std::string namespace_, std::string name, std::string identity);

  // One attempt: takes the Lease when it is free or expired, renews it when held. True while this
  // process leads; a leader that cannot renew within the duration stops leading.
  bool try_lead();

  // Gives the Lease up (no holder), so that another replica takes over at once.
  void release();

  const std::string& identity() const { return identity_; }

 private:
  using Clock = std::chrono::steady_clock;

  kube::ApiClient* api_;
  std::string namespace_;
  std::string name_;
  std::string identity_;
  std::string observed_version_;  // the Lease's resourceVersion when last read
  Clock::time_point observed_at_{};
  Clock::time_point renewed_at_{};
  bool leading_ = false;
};

// "host (pid N)": who leads, as the Lease and the logs say (a Pod's host name is its name).
std::string leader_identity();

}  // namespace gitops::agent
