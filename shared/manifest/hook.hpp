#pragma once

// Hooks: Jobs, Pods (or any object) that a sync runs at one of its points instead of keeping as
// part of the app. Three vocabularies mean the same, so repositories written for Argo CD and Helm
// work unchanged (README, "Hooks"):
//
//   gitops.kubectl.dev/hook        pre-sync  sync  post-sync  sync-fail  skip
//   argocd.argoproj.io/hook        PreSync   Sync  PostSync   SyncFail   Skip, PostDelete
//   helm.sh/hook                   pre-install, pre-upgrade   post-install, post-upgrade
//                                  (pre/post-delete, pre/post-rollback and test never run)
//
// and the delete policies before-hook-creation (the default), hook-succeeded and hook-failed
// (Argo CD: BeforeHookCreation, HookSucceeded, HookFailed). Values may be comma-separated. The
// first vocabulary present wins, in the order above.

#include <optional>
#include <string>
#include <vector>

#include "manifest/object.hpp"

namespace gitops::manifest {

inline constexpr const char* kHookAnnotation = "gitops.kubectl.dev/hook";
inline constexpr const char* kHookDeletePolicyAnnotation = "gitops.kubectl.dev/hook-delete-policy";
inline constexpr const char* kArgoHookAnnotation = "argocd.argoproj.io/hook";
inline constexpr const char* kArgoHookDeletePolicyAnnotation =
    "argocd.argoproj.io/hook-delete-policy";
inline constexpr const char* kHelmHookAnnotation = "helm.sh/hook";
inline constexpr const char* kHelmHookDeletePolicyAnnotation = "helm.sh/hook-delete-policy";

enum class HookPhase { pre_sync, sync, post_sync, sync_fail };

// "pre-sync", "sync", "post-sync", "sync-fail".
const char* to_string(HookPhase phase);

struct HookSpec {
  // The points of a sync it runs at; empty for a hook no sync runs (Skip, helm test, pre-delete):
  // such an object is neither applied nor run.
  std::vector<HookPhase> phases;
  std::string annotation;  // which vocabulary declared it: "helm.sh/hook: pre-install"
  bool delete_before_creation = true;
  bool delete_on_success = false;
  bool delete_on_failure = false;

  bool runs_at(HookPhase phase) const;
};

// Whether the body carries any hook annotation (such an object may be named by generateName).
bool declares_hook(const Value& body);

// The object's hook declaration, nullopt for an ordinary object (helm's crd-install is one).
// Throws Error naming the file, line and object for a value no vocabulary knows.
std::optional<HookSpec> hook_spec(const Object& object);

// Moves the hooks out of `objects`: what remains is the app, what is returned runs at sync points.
std::vector<Object> take_hooks(std::vector<Object>& objects);

// Whether the object is named by metadata.generateName (the server picks the name on creation).
bool has_generated_name(const Object& object);

}  // namespace gitops::manifest
