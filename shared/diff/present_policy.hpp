#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "diff/report.hpp"

namespace gitops::diff {

// What --policy found, as every output shows it.

// "denied apps/v1 Deployment shop/web (envs/prod/web.yaml:1) by ValidatingAdmissionPolicy
// 'gitops-pinned-images': image 'nginx:latest' ..." ("by webhook 'NAME'", "by the API server").
std::string denial_line(const Denial& denial);
// "not checked apps/v1 Deployment shop/web: namespaces "shop" not found".
std::string skipped_line(const Denial& skipped);
// "policy: 12 checked, 1 denied" (", 2 not checked" when any).
std::string policy_summary_line(const PolicyCheck& check);
// Every denial's and skipped object's line, then the summary line; "" without a check.
std::string policy_lines(const std::optional<PolicyCheck>& check);

// {"checked": N, "denied": [...], "skipped": [...]} (present_json.cpp documents the fields).
nlohmann::ordered_json policy_json(const PolicyCheck& check);

}  // namespace gitops::diff
