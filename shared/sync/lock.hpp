#pragma once

#include <chrono>
#include <string>

#include "kube/kubectl.hpp"

namespace gitops::sync {

// A Lease per app, so that two syncs of one app never run at once. A holder that dies stops
// renewing, and the lock expires on its own after its duration.
class AppLock {
 public:
  static constexpr std::chrono::seconds kDuration{60};

  // Takes the lock or throws Error naming the holder, since when, and how to break it.
  static AppLock acquire(const kube::Kubectl& kubectl, const std::string& record_namespace,
                         const std::string& app, const std::string& holder);

  // Deletes the lock whoever holds it (--break-lock); true when there was one.
  static bool break_lock(const kube::Kubectl& kubectl, const std::string& record_namespace,
                         const std::string& app);

  AppLock(AppLock&& other) noexcept;
  AppLock& operator=(AppLock&&) = delete;
  ~AppLock();

  // Extends the lease; long syncs call it between phases.
  void renew();

 private:
  AppLock(const kube::Kubectl& kubectl, std::string record_namespace, std::string app,
          std::string holder);

  const kube::Kubectl* kubectl_;
  std::string record_namespace_;
  std::string app_;
  std::string holder_;
  bool held_ = true;
};

// "gitsync-<app>": the Lease's name.
std::string lock_name(const std::string& app);

}  // namespace gitops::sync
