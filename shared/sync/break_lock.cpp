#include "sync/break_lock.hpp"

#include "sync/lock.hpp"

namespace gitops::sync {

std::string break_app_lock(kube::ApiClient& api, const std::string& record_namespace,
                           const std::string& app, bool dry_run) {
  const auto holder = AppLock::holder(api, record_namespace, app);
  if (!holder)
    return "app " + app + " is not locked\n";
  if (dry_run) {
    AppLock::refuse_to_break(*holder, app);
    return "would remove the lock of app " + app + ", held by " + holder->describe() + "\n";
  }
  AppLock::break_lock(api, record_namespace, app, *holder);
  return "removed the lock of app " + app + ", held by " + holder->describe() + "\n";
}

}  // namespace gitops::sync
