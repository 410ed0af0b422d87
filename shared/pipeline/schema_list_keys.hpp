#pragma once

#include <memory>
#include <string>
#include <vector>

#include "diff/list_keys.hpp"
#include "kube/api_client.hpp"
#include "manifest/object.hpp"

namespace gitops::pipeline {

// The merge keys the cluster's OpenAPI v3 schema declares for the group-versions the objects use,
// custom resources included. The schema of a group-version is published under a content hash, so
// what was read from it is cached by that hash (on disk, and in memory for the process's life) and
// only the small index is read on every run. A server without OpenAPI v3, or a document it will
// not give, leaves those kinds to the built-in table.
std::shared_ptr<const diff::ListKeys> read_schema_list_keys(
    kube::ApiClient& api, const std::string& server, const std::vector<manifest::Object>& objects);

}  // namespace gitops::pipeline
