#include "sync/lock.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <fstream>

#include "error.hpp"
#include "kube/api_requests.hpp"
#include "kube/whoami.hpp"
#include "manifest/json_parse.hpp"

namespace gitops::sync {

namespace {

using manifest::Value;

constexpr const char* kHostAnnotation = "gitops.kubectl.dev/host";
constexpr const char* kPidAnnotation = "gitops.kubectl.dev/pid";

std::string host_name() {
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

Value lease(const std::string& record_namespace, const std::string& app, const std::string& holder,
            const std::string& acquired) {
  return {{"apiVersion", "coordination.k8s.io/v1"},
          {"kind", "Lease"},
          {"metadata",
           {{"name", lock_name(app)},
            {"namespace", record_namespace},
            {"labels", {{"app.kubernetes.io/managed-by", "kubectl-gitsync"}}},
            {"annotations",
             {{kHostAnnotation, host_name()}, {kPidAnnotation, std::to_string(getpid())}}}}},
          {"spec",
           {{"holderIdentity", holder},
            {"acquireTime", acquired},
            {"renewTime", kube::rfc3339_now(true)},
            {"leaseDurationSeconds", AppLock::kDuration.count()}}}};
}

// Seconds since the epoch of an RFC 3339 UTC time ("2026-11-26T22:10:05.123456Z").
std::time_t parse_time(const std::string& text) {
  std::tm utc{};
  if (!strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &utc))
    return 0;
  return timegm(&utc);
}

// A holder on this machine whose process is gone died without releasing the lock (killed, say):
// there is no need to wait for the lease to run out.
bool holder_died_here(const Value& existing) {
  const auto annotations = existing["metadata"].value("annotations", Value::object());
  if (annotations.value(kHostAnnotation, "") != host_name())
    return false;
  const auto pid = std::atoi(annotations.value(kPidAnnotation, "0").c_str());
  return pid > 0 && kill(pid, 0) != 0 && errno == ESRCH;
}

bool expired(const Value& existing) {
  if (holder_died_here(existing))
    return true;
  const auto& spec = existing["spec"];
  auto renewed = parse_time(spec.value("renewTime", spec.value("acquireTime", "")));
  auto duration = spec.value("leaseDurationSeconds", AppLock::kDuration.count());
  return std::time(nullptr) > renewed + duration;
}

}  // namespace

std::string lock_name(const std::string& app) {
  return "gitsync-" + app;
}

namespace {

std::string lease_path(const std::string& record_namespace, const std::string& app) {
  return kube::object_path("coordination.k8s.io/v1", "leases", record_namespace, lock_name(app));
}

// The app's Lease, nullopt when there is none.
std::optional<Value> read_lease(kube::ApiClient& api, const std::string& record_namespace,
                                const std::string& app) {
  const auto response = api.get(lease_path(record_namespace, app));
  if (response.status == 404)
    return std::nullopt;
  if (!response.ok())
    kube::throw_response_failure(response, "cannot read the lock of app " + quoted(app));
  return manifest::parse_json(response.body, "the Lease " + lock_name(app));
}

[[noreturn]] void throw_locked(const Value& existing, const std::string& record_namespace,
                               const std::string& app) {
  const auto& spec = existing["spec"];
  throw Error("app " + quoted(app) + " is being synced by " +
                  quoted(spec.value("holderIdentity", "someone")) + " since " +
                  spec.value("acquireTime", "an unknown time") + " (Lease " + record_namespace +
                  "/" + lock_name(app) + "); if that sync died, its lock expires " +
                  std::to_string(AppLock::kDuration.count()) +
                  " s after its last renewal, or use --break-lock",
              ErrorKind::conflict);
}

}  // namespace

AppLock::AppLock(kube::ApiClient& api, std::string record_namespace, std::string app,
                 std::string holder)
    : api_(&api),
      record_namespace_(std::move(record_namespace)),
      app_(std::move(app)),
      holder_(std::move(holder)) {}

AppLock::AppLock(AppLock&& other) noexcept
    : api_(other.api_),
      record_namespace_(std::move(other.record_namespace_)),
      app_(std::move(other.app_)),
      holder_(std::move(other.holder_)),
      held_(other.held_) {
  other.held_ = false;
}

AppLock AppLock::acquire(kube::ApiClient& api, const std::string& record_namespace,
                         const std::string& app, const std::string& holder) {
  const auto now = kube::rfc3339_now(true);
  const auto created = api.send(kube::create_request(
      kube::collection_path("coordination.k8s.io/v1", "leases", record_namespace),
      lease(record_namespace, app, holder, now)));
  if (created.ok())
    return AppLock(api, record_namespace, app, holder);
  if (created.status != 409)
    kube::throw_response_failure(created, "cannot take the lock of app " + quoted(app));
  auto existing = read_lease(api, record_namespace, app);
  if (!existing)  // released meanwhile: try once more
    return acquire(api, record_namespace, app, holder);
  if (!expired(*existing))
    throw_locked(*existing, record_namespace, app);
  // Take over a dead holder's lock; the resourceVersion makes a race with another taker fail.
  auto replacement = lease(record_namespace, app, holder, now);
  replacement["metadata"]["resourceVersion"] = (*existing)["metadata"]["resourceVersion"];
  const auto replaced =
      api.send(kube::replace_request(lease_path(record_namespace, app), replacement));
  if (replaced.ok())
    return AppLock(api, record_namespace, app, holder);
  if (replaced.status != 409 && replaced.status != 404)
    kube::throw_response_failure(replaced, "cannot take the lock of app " + quoted(app));
  existing = read_lease(api, record_namespace, app);
  if (!existing)
    throw Error("the lock of app " + quoted(app) + " changed hands while taking it; run again",
                ErrorKind::conflict);
  throw_locked(*existing, record_namespace, app);
}

std::optional<LockHolder> AppLock::holder(kube::ApiClient& api, const std::string& record_namespace,
                                          const std::string& app) {
  const auto lease = read_lease(api, record_namespace, app);
  if (!lease)
    return std::nullopt;
  const auto annotations = (*lease)["metadata"].value("annotations", Value::object());
  const auto& spec = (*lease)["spec"];
  LockHolder holder;
  holder.identity = spec.value("holderIdentity", "someone");
  holder.since = spec.value("acquireTime", "an unknown time");
  holder.host = annotations.value(kHostAnnotation, "");
  holder.pid = std::atoi(annotations.value(kPidAnnotation, "0").c_str());
  holder.resource_version = (*lease)["metadata"].value("resourceVersion", "");
  return holder;
}

void AppLock::refuse_to_break(const LockHolder& holder, const std::string& app) {
  if (!holder.alive_here())
    return;
  throw Error("refusing to break the lock of app " + quoted(app) + ": it is held by " +
                  holder.describe() + ", a sync still running on this machine (pid " +
                  std::to_string(holder.pid) + "); wait for it, or stop it first",
              ErrorKind::conflict);
}

void AppLock::break_lock(kube::ApiClient& api, const std::string& record_namespace,
                         const std::string& app, const LockHolder& holder) {
  refuse_to_break(holder, app);
  // A precondition on the version read: a lock another sync took meanwhile stays.
  const auto deleted =
      api.send(kube::delete_request(lease_path(record_namespace, app), holder.resource_version));
  if (deleted.ok() || deleted.status == 404)  // 404: released meanwhile, as asked
    return;
  if (deleted.status == 409) {
    throw Error("the lock of app " + quoted(app) +
                    " changed hands while breaking it (it was held by " + holder.describe() +
                    "); look again with --break-lock --dry-run",
                ErrorKind::conflict);
  }
  kube::throw_response_failure(deleted, "cannot break the lock of app " + quoted(app));
}

bool LockHolder::alive_here() const {
  if (host != host_name() || pid <= 0 || pid == getpid())
    return false;
  if (kill(pid, 0) != 0 && errno != EPERM)
    return false;
  // The pid may have been reused since the holder died: only one of our plugins holds locks
  // (the kernel keeps 15 characters of the name: "kubectl-gitsync", "kubectl-gitreve").
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  return !comm || (std::getline(comm, name) && name.starts_with("kubectl-git"));
}

std::string LockHolder::describe() const {
  return quoted(identity) + " since " + since;
}

void AppLock::renew() {
  if (!held_)
    return;
  const manifest::Value patch = {{"spec", {{"renewTime", kube::rfc3339_now(true)}}}};
  api_->send(kube::merge_patch_request(lease_path(record_namespace_, app_), patch));
}

AppLock::~AppLock() {
  if (!held_)
    return;
  // Best effort: a lock left behind expires on its own.
  try {
    api_->send(kube::delete_request(lease_path(record_namespace_, app_)));
  } catch (...) {
  }
}

}  // namespace gitops::sync
