#include "sync/suspend.hpp"

#include <unistd.h>

#include "kube/whoami.hpp"
#include "sync/lock.hpp"
#include "sync/record_store.hpp"

namespace gitops::sync {

std::string suspend_app(kube::ApiClient& api, const std::string& record_namespace,
                        const std::string& app, bool suspend) {
  require_record(api, record_namespace, app);
  const auto user = kube::current_user(api);
  auto lock = AppLock::acquire(api, record_namespace, app,
                               user + " (pid " + std::to_string(getpid()) + ")");
  auto record = require_record(api, record_namespace, app);
  if (suspend == record.suspension.has_value()) {
    return "app " + app + " is already " + (suspend ? "suspended" : "not suspended") + "\n";
  }
  if (suspend)
    record.suspension = Suspension{kube::rfc3339_now(), user};
  else
    record.suspension.reset();
  save_record(api, record);
  return suspend ? "suspended app " + app + ": the agent leaves it alone until --resume\n"
                 : "resumed app " + app + ": the agent reconciles it again\n";
}

}  // namespace gitops::sync
