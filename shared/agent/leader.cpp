#include "agent/leader.hpp"

#include <unistd.h>

#include "error.hpp"
#include "kube/api_requests.hpp"
#include "kube/whoami.hpp"
#include "manifest/json_parse.hpp"

namespace gitops::agent {

namespace {

using manifest::Value;

std::string lease_path(const std::string& namespace_, const std::string& name) {
  return kube::object_path("coordination.k8s.io/v1", "leases", namespace_, name);
}

// The Lease's spec with `holder` holding it from now.
Value held_by(const std::string& holder, const Value& previous_spec, bool taken_over) {
  const auto now = kube::rfc3339_now(true);
  Value spec = previous_spec.is_object() ? previous_spec : Value::object();
  spec["holderIdentity"] = holder;
  spec["leaseDurationSeconds"] = LeaderLease::kDuration.count();
  spec["renewTime"] = now;
  if (taken_over) {
    spec["acquireTime"] = now;
    spec["leaseTransitions"] = previous_spec.value("leaseTransitions", 0) + 1;
  }
  return spec;
}

}  // namespace

std::string leader_identity() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + " (pid " + std::to_string(getpid()) + ")";
}

LeaderLease::LeaderLease(kube::ApiClient& api, std::string namespace_, std::string name,
                         std::string identity)
    : api_(&api),
      namespace_(std::move(namespace_)),
      name_(std::move(name)),
      identity_(std::move(identity)) {}

bool LeaderLease::try_lead() {
  const auto now = Clock::now();
  // Past the duration without a renewal, this process may no longer be the one the others see.
  if (leading_ && now - renewed_at_ > kDuration)
    leading_ = false;
  const auto response = api_->get(lease_path(namespace_, name_));
  if (response.status == 404) {
    const Value lease = {{"apiVersion", "coordination.k8s.io/v1"},
                         {"kind", "Lease"},
                         {"metadata",
                          {{"name", name_},
                           {"namespace", namespace_},
                           {"labels", {{"app.kubernetes.io/managed-by", "kubectl-gitsync"}}}}},
                         {"spec", held_by(identity_, Value::object(), true)}};
    const auto created = api_->send(kube::create_request(
        kube::collection_path("coordination.k8s.io/v1", "leases", namespace_), lease));
    if (created.ok()) {
      renewed_at_ = now;
      return leading_ = true;
    }
    return leading_ = false;  // another replica created it first, or the write was refused
  }
  if (!response.ok())
    return leading_;  // unknown: keep what was true until the duration runs out
  auto lease = manifest::parse_json(response.body, "the Lease " + name_);
  const auto version = lease["metadata"].value("resourceVersion", "");
  if (version != observed_version_) {
    observed_version_ = version;
    observed_at_ = now;
  }
  const auto& spec = lease["spec"];
  const auto holder = spec.value("holderIdentity", "");
  const bool mine = holder == identity_;
  const bool free = holder.empty() || now - observed_at_ > kDuration;
  if (!mine && !free)
    return leading_ = false;
  lease["spec"] = held_by(identity_, spec, !mine);
  const auto written = api_->send(kube::replace_request(lease_path(namespace_, name_), lease));
  if (!written.ok())
    return leading_ = mine && leading_;  // 409: someone else wrote first
  const auto updated = manifest::parse_json(written.body, "the Lease " + name_);
  observed_version_ = updated["metadata"].value("resourceVersion", "");
  observed_at_ = now;
  renewed_at_ = now;
  return leading_ = true;
}

void LeaderLease::release() {
  if (!leading_)
    return;
  leading_ = false;
  try {
    const auto response = api_->get(lease_path(namespace_, name_));
    if (!response.ok())
      return;
    auto lease = manifest::parse_json(response.body, "the Lease " + name_);
    if (lease["spec"].value("holderIdentity", "") != identity_)
      return;
    lease["spec"]["holderIdentity"] = "";
    lease["spec"]["leaseDurationSeconds"] = 1;
    api_->send(kube::replace_request(lease_path(namespace_, name_), lease));
  } catch (const Error&) {
    // Not given back: it expires after its duration.
  }
}

}  // namespace gitops::agent
