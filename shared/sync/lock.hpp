#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "kube/api_client.hpp"

namespace gitops::sync {

// Who holds an app's lock, as its Lease says.
struct LockHolder {
  std::string identity;  // "alice (pid 4242)"
  std::string since;     // RFC 3339
  std::string host;      // the machine the holder runs on
  int pid = 0;
  std::string resource_version;

  // A sync on this machine whose process still runs: breaking its lock would let a second sync
  // run beside it.
  bool alive_here() const;
  // "'alice (pid 4242)' since 2026-12-01T10:00:00Z"
  std::string describe() const;
};

// A Lease per app, so that two syncs of one app never run at once. A holder that dies stops
// renewing, and the lock expires on its own after its duration.
class AppLock {
 public:
  static constexpr std::chrono::seconds kDuration{60};

  // Takes the lock or throws Error naming the holder, since when, and how to break it.
  static AppLock acquire(kube::ApiClient& api, const std::string& record_namespace,
                         const std::string& app, const std::string& holder);

  // The lock's holder, nullopt when the app is not locked.
  static std::optional<LockHolder> holder(kube::ApiClient& api, const std::string& record_namespace,
                                          const std::string& app);

  // Throws Error naming the holder when it is a sync alive on this machine (--break-lock and its
  // --dry-run both refuse it).
  static void refuse_to_break(const LockHolder& holder, const std::string& app);

  // Deletes the lock `holder` holds (--break-lock), after refuse_to_break. A lock taken by
  // someone else since `holder` was read is left alone (Error): only the lock the user saw goes.
  static void break_lock(kube::ApiClient& api, const std::string& record_namespace,
                         const std::string& app, const LockHolder& holder);

  AppLock(AppLock&& other) noexcept;
  AppLock& operator=(AppLock&&) = delete;
  ~AppLock();

  // Extends the lease; long syncs call it between phases.
  void renew();

 private:
  AppLock(kube::ApiClient& api, std::string record_namespace, std::string app, std::string holder);

  kube::ApiClient* api_;
  std::string record_namespace_;
  std::string app_;
  std::string holder_;
  bool held_ = true;
};

// "gitsync-<app>": the Lease's name.
std::string lock_name(const std::string& app);

}  // namespace gitops::sync
