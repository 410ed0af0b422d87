#pragma once

#include <string>
#include <vector>

#include "diff/report.hpp"
#include "error.hpp"
#include "kube/api_client.hpp"
#include "kube/http.hpp"
#include "manifest/object.hpp"
#include "pipeline/plan.hpp"

namespace gitops::pipeline {

// --policy: sends every object the plan would create or update through the cluster's admission as
// a server-side apply dry run (dryRun=All: validated, defaulted, admitted, never stored), all in
// flight at once, and reports what ValidatingAdmissionPolicies, admission webhooks or the API
// server itself refused, each with its policy and message. An object whose namespace or kind the
// same change brings cannot be sent yet: it is listed as skipped. A user without the right to
// patch what is checked gets one Error that says so, before any object is reported.
diff::PolicyCheck check_admission(kube::ApiClient& api, const Plan& plan,
                                  const std::string& field_manager);

// The Error a command ends with once its output has shown the denials: "2 objects denied by the
// cluster's admission (--policy); nothing was written".
Error denied_error(const diff::PolicyCheck& check, const std::string& consequence);

// How one object's dry-run answer reads: nullopt when admitted. Throws Error when the answer says
// the user may not make the request at all (RBAC), naming the object.
std::optional<diff::Denial> denial_of(const manifest::Object& object,
                                      const kube::HttpResponse& response);

}  // namespace gitops::pipeline
