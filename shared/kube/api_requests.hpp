#pragma once

#include <optional>
#include <string>

#include "kube/discovery.hpp"
#include "kube/http.hpp"
#include "manifest/object.hpp"
#include "manifest/value.hpp"

namespace gitops::kube {

// Where objects live in the API: "/apis/apps/v1/namespaces/shop/deployments" and
// ".../deployments/web". `api_version` is "v1" or "group/version"; `namespace_` "" for
// cluster-scoped resources.
std::string collection_path(const std::string& api_version, const std::string& resource,
                            const std::string& namespace_);
std::string object_path(const std::string& api_version, const std::string& resource,
                        const std::string& namespace_, const std::string& name);
// Where the object `id` of `type` lives, at the version it was declared in (a namespace on a
// cluster-scoped kind is ignored, as the server ignores it).
std::string object_path(const ResourceType& type, const std::string& api_version,
                        const manifest::ObjectId& id);

// The query parameter of a write that the server checks, admission included, and never stores.
inline constexpr const char* kDryRunAll = "dryRun=All";

// The requests a client makes, in the API's own terms.
struct ApplyAs {
  std::string field_manager;
  bool force = false;    // take over fields other managers own
  bool dry_run = false;  // through admission and validation, never stored (dryRun=All)
};
// Server-side apply: creates the object, or merges the fields `field_manager` declares.
HttpRequest apply_request(const std::string& path, const manifest::Value& object,
                          const ApplyAs& as);
HttpRequest create_request(const std::string& collection, const manifest::Value& object);
// A whole replacement; the object's metadata.resourceVersion makes it fail on a newer version.
HttpRequest replace_request(const std::string& path, const manifest::Value& object);
HttpRequest merge_patch_request(const std::string& path, const manifest::Value& patch);
// Deletes in the background (dependents go after); with `resource_version`, only that version.
HttpRequest delete_request(const std::string& path,
                           const std::optional<std::string>& resource_version = std::nullopt);

}  // namespace gitops::kube
