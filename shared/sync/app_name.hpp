#pragma once

#include <string>
#include <vector>

namespace gitops::sync {

// The name of an app synced without --app: the repository folder's name and the PATHs, made a DNS
// label: "shop" for the whole repository, "shop-envs-prod" for envs/prod.
std::string derive_app_name(const std::string& repository_root,
                            const std::vector<std::string>& paths);

// Throws Error when `name` is not a DNS label of at most 55 characters (the record adds a prefix).
void validate_app_name(const std::string& name);

}  // namespace gitops::sync
