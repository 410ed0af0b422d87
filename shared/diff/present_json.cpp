// gitdiff -o json: one document, pretty-printed with 2 spaces, keys always in this order, ending
// with a newline. Stable: fields may be added, never renamed or removed.
//
// {
//   "apiVersion": "gitops.kubectl.dev/v1",
//   "kind": "DiffReport",
//   "source": {                            // the "after" side: git
//     "repository": "/home/dev/platform",  // the working tree's root
//     "revision": "HEAD",                  // as typed; "" for the working tree
//     "commit": "1a2b3c4d5e6f...",         // full SHA; "" for the working tree
//     "paths": ["envs/prod"],              // repository-relative; [] for the whole repository
//     "signature": {                       // only with --verify-signatures: who signed it
//       "format": "ssh",                   // ssh | openpgp
//       "principal": "alice@example.com",  // ssh: the allowed-signers principal; openpgp: user id
//       "fingerprint": "SHA256:..."        // the signing key
//     }
//   },
//   "target": {                            // the "before" side: a cluster
//     "type": "cluster",
//     "context": "kind-gitops",            // kubeconfig context
//     "server": "https://127.0.0.1:6443"
//   },
//   -- or, for gitdiff A..B, revision A:
//   "target": {"type": "revision", "revision": "main~1", "commit": "9f8e7d6c5b4a..."},
//   "summary": {"create": 1, "update": 1, "delete": 1, "unchanged": 1, "unreadable": 1},
//   "objects": [                           // every object except unchanged ones, in identity order
//     {
//       "group": "apps",                   // "" for the core group
//       "version": "v1",
//       "kind": "Deployment",
//       "namespace": "team-a",             // "" for cluster-scoped kinds
//       "name": "web",
//       "action": "update",                // create | update | delete | unreadable
//       "source": "envs/prod/web.yaml:1",  // file:line in git; "" for an object only the
//                                          // before side has
//       "changes": [                       // changed fields; [] for create and delete
//         {
//           "path": "spec.template.spec.containers[name=web].image",
//           "before": "nginx:1.25.3",      // absent for an added field
//           "after": "nginx:1.25.4"        // absent for a removed field
//         }
//       ]
//     },
//     {
//       ..., "action": "unreadable", "changes": [],
//       "reason": "cannot read ..."        // only for unreadable objects
//     }
//   ],
//   "hooks": [                             // against a cluster: the hooks a sync would run
//     {
//       "group": "batch", "version": "v1", "kind": "Job", "namespace": "shop",
//       "name": "migrate-",                // the prefix, when the server generates the name
//       "generateName": true,
//       "phases": ["pre-sync"],            // pre-sync | sync | post-sync | sync-fail; [] skipped
//       "source": "envs/prod/migrate.yaml:1"
//     }
//   ],
//   "policy": {                            // only with --policy: the cluster's admission, dry run
//     "checked": 12,                       // objects admission answered for
//     "denied": [
//       {
//         "group": "apps", "version": "v1", "kind": "Deployment", "namespace": "shop",
//         "name": "web", "source": "envs/prod/web.yaml:1",
//         "by": "ValidatingAdmissionPolicy", // ValidatingAdmissionPolicy | webhook | server
//         "policy": "gitops-pinned-images",  // the policy's (or webhook's) name; "" for server
//         "binding": "gitops-pinned-images", // the policy's binding; "" otherwise
//         "message": "..."                   // the policy's message; Secret values masked
//       }
//     ],
//     "skipped": [                         // not checkable yet: namespace or kind is new
//       {..., "source": "...", "reason": "namespaces \"shop\" not found"}
//     ]
//   }
// }
//
// Values are JSON as the API server types them. Secret values are never present: the comparer
// has replaced them with "***", "*** (before)" and "*** (after)".

#include "diff/present_json.hpp"

#include <nlohmann/json.hpp>

#include "diff/object_json.hpp"
#include "diff/present_policy.hpp"

namespace gitops::diff {

namespace {

using Document = nlohmann::ordered_json;

constexpr const char* kApiVersion = "gitops.kubectl.dev/v1";

Document source_of(const SourceInfo& source) {
  Document out;
  out["repository"] = source.repository;
  out["revision"] = source.revision;
  out["commit"] = source.commit;
  out["paths"] = source.paths;
  if (source.signature) {
    out["signature"] = {{"format", source.signature->format},
                        {"principal", source.signature->principal},
                        {"fingerprint", source.signature->fingerprint}};
  }
  return out;
}

Document target_of(const TargetInfo& target) {
  Document out;
  if (target.is_revision()) {
    out["type"] = "revision";
    out["revision"] = target.revision;
    out["commit"] = target.commit;
  } else {
    out["type"] = "cluster";
    out["context"] = target.context;
    out["server"] = target.server;
  }
  return out;
}

Document summary_of(const Counts& counts) {
  Document out;
  out["create"] = counts.create;
  out["update"] = counts.update;
  out["delete"] = counts.remove;
  out["unchanged"] = counts.unchanged;
  out["unreadable"] = counts.unreadable;
  return out;
}

Document field_of(const FieldChange& field) {
  Document out;
  out["path"] = field.path;
  if (field.before) {
    out["before"] = Document(*field.before);
  }
  if (field.after) {
    out["after"] = Document(*field.after);
  }
  return out;
}

Document object_of(const ObjectChange& change) {
  Document out = identity_json(change.id, change.api_version);
  out["action"] = to_string(change.action);
  out["source"] = change.source;
  out["changes"] = Document::array();
  for (const auto& field : change.fields) {
    out["changes"].push_back(field_of(field));
  }
  if (change.action == Action::unreadable) {
    out["reason"] = change.reason;
  }
  return out;
}

Document hook_of(const HookEntry& hook) {
  Document out = identity_json(hook.id, hook.api_version);
  out["generateName"] = hook.generated_name;
  out["phases"] = hook.phases;
  out["source"] = hook.source;
  return out;
}

}  // namespace

std::string present_json(const Report& report) {
  Document out;
  out["apiVersion"] = kApiVersion;
  out["kind"] = "DiffReport";
  out["source"] = source_of(report.source);
  out["target"] = target_of(report.target);
  out["summary"] = summary_of(report.changes.counts());
  out["objects"] = Document::array();
  for (const auto& change : report.changes.objects) {
    if (change.action != Action::unchanged) {
      out["objects"].push_back(object_of(change));
    }
  }
  out["hooks"] = Document::array();
  for (const auto& hook : report.hooks)
    out["hooks"].push_back(hook_of(hook));
  if (report.policy)
    out["policy"] = policy_json(*report.policy);
  // Invalid UTF-8 (a byte string in a ConfigMap) must not abort the report.
  return out.dump(2, ' ', false, Document::error_handler_t::replace) + "\n";
}

}  // namespace gitops::diff
