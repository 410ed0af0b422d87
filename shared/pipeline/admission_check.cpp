#include "pipeline/admission_check.hpp"

#include <map>
#include <optional>

#include "diff/secret_data.hpp"
#include "error.hpp"
#include "kube/api_requests.hpp"

namespace gitops::pipeline {

namespace {

// The text between `open` and the next `close` after `from`; `from` moves past `close`.
std::optional<std::string> between(const std::string& text, std::size_t& from,
                                   const std::string& open, char close) {
  const auto start = text.find(open, from);
  if (start == std::string::npos)
    return std::nullopt;
  const auto first = start + open.size();
  const auto end = text.find(close, first);
  if (end == std::string::npos)
    return std::nullopt;
  from = end + 1;
  return text.substr(first, end - first);
}

// What follows `marker`, or the whole text when it is absent.
std::string after(const std::string& text, std::size_t from, const std::string& marker) {
  const auto at = text.find(marker, from);
  return at == std::string::npos ? text : text.substr(at + marker.size());
}

// "ValidatingAdmissionPolicy 'NAME' with binding 'BINDING' denied request: MESSAGE", which the
// server prefixes with `deployments.apps "web" is forbidden: `.
bool read_policy_denial(const std::string& reason, diff::Denial& denial) {
  std::size_t at = 0;
  auto name = between(reason, at, "ValidatingAdmissionPolicy '", '\'');
  if (!name)
    return false;
  denial.by = "ValidatingAdmissionPolicy";
  denial.policy = *name;
  std::size_t binding_at = at;
  if (reason.compare(at, 15, " with binding '") == 0) {
    if (auto binding = between(reason, binding_at, " with binding '", '\''))
      denial.binding = *binding;
  }
  denial.message = after(reason, binding_at, "denied request: ");
  return true;
}

// `admission webhook "NAME" denied the request: MESSAGE` (or "... without explanation").
bool read_webhook_denial(const std::string& reason, diff::Denial& denial) {
  std::size_t at = 0;
  auto name = between(reason, at, "admission webhook \"", '"');
  if (!name)
    return false;
  denial.by = "webhook";
  denial.policy = *name;
  denial.message = after(reason, at, "denied the request: ");
  return true;
}

diff::Denial denial_for(const manifest::Object& object) {
  diff::Denial denial;
  denial.id = object.id;
  denial.api_version = object.api_version;
  denial.source = object.source.to_string();
  return denial;
}

}  // namespace

std::optional<diff::Denial> denial_of(const manifest::Object& object,
                                      const kube::HttpResponse& response) {
  if (response.ok())
    return std::nullopt;
  const auto reason = response.reason();
  auto denial = denial_for(object);
  if (!read_policy_denial(reason, denial) && !read_webhook_denial(reason, denial)) {
    if (response.status == 403) {
      throw Error("cannot check " + object.id.to_string() +
                      " against the cluster's admission: " + reason +
                      " (--policy sends each object as a server-side dry run, which needs the "
                      "rights to patch it)",
                  ErrorKind::forbidden);
    }
    denial.by = "server";
    denial.message = reason;
  }
  if (diff::is_secret(object.id))
    denial.message = diff::mask_secret_values_in(denial.message, object.body);
  return denial;
}

Error denied_error(const diff::PolicyCheck& check, const std::string& consequence) {
  const auto count = check.denied.size();
  return Error(std::to_string(count) + (count == 1 ? " object" : " objects") +
                   " denied by the cluster's admission (--policy); " + consequence,
               ErrorKind::failed);
}

diff::PolicyCheck check_admission(kube::ApiClient& api, const Plan& plan,
                                  const std::string& field_manager) {
  std::map<manifest::ObjectId, const manifest::Object*> desired;
  for (const auto& object : plan.desired)
    desired.emplace(object.id, &object);

  diff::PolicyCheck check;
  std::vector<const manifest::Object*> sent;
  std::vector<kube::HttpRequest> requests;
  const kube::ApplyAs as{field_manager, /*force=*/true, /*dry_run=*/true};
  for (const auto& change : plan.report.changes.objects) {
    if (change.action != diff::Action::create && change.action != diff::Action::update)
      continue;
    const auto found = desired.find(change.id);
    if (found == desired.end())
      continue;
    const auto& object = *found->second;
    const auto* type = plan.discovery.find(object.id.group, object.id.kind);
    if (!type) {
      auto skipped = denial_for(object);
      skipped.message = "its kind is defined by a CustomResourceDefinition of the same change";
      check.skipped.push_back(std::move(skipped));
      continue;
    }
    sent.push_back(&object);
    requests.push_back(kube::apply_request(kube::object_path(*type, object.api_version, object.id),
                                           object.body, as));
  }
  const auto responses = api.send_all(requests);
  for (std::size_t i = 0; i < sent.size(); ++i) {
    if (responses[i].status == 404) {  // its namespace is not there yet
      auto skipped = denial_for(*sent[i]);
      skipped.message = responses[i].reason();
      check.skipped.push_back(std::move(skipped));
      continue;
    }
    ++check.checked;
    if (auto denial = denial_of(*sent[i], responses[i]))
      check.denied.push_back(std::move(*denial));
  }
  return check;
}

}  // namespace gitops::pipeline
