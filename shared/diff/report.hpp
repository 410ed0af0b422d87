#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diff/change_set.hpp"

namespace gitops::diff {

// Who signed the "after" revision, when gitdiff --verify-signatures checked it.
struct SignatureInfo {
  std::string format;       // "ssh" or "openpgp"
  std::string principal;    // ssh: the allowed-signers principal; openpgp: the key's user id
  std::string fingerprint;  // "SHA256:..." (ssh) or the OpenPGP key's fingerprint

  // "alice@example.com (ssh key SHA256:...)"
  std::string str() const { return principal + " (" + format + " key " + fingerprint + ")"; }
};

// What the "after" side is: a revision of the repository or its working tree.
struct SourceInfo {
  std::string repository;  // the working tree's root (or the repository path)
  std::string revision;    // as the user typed it: "HEAD", "main~1", or "" for the working tree
  std::string commit;      // full SHA; "" for the working tree
  std::vector<std::string> paths;          // repository-relative; empty: the whole repository
  std::optional<SignatureInfo> signature;  // verified (--verify-signatures); nullopt: not checked
};

// What the "before" side is: a live cluster, or another revision (gitdiff --rev A..B).
struct TargetInfo {
  std::string context;   // kubeconfig context ("" for a revision)
  std::string server;    // API server URL ("" for a revision)
  std::string revision;  // revision A ("" for a cluster)
  std::string commit;    // full SHA of revision A

  bool is_revision() const { return !commit.empty(); }
};

// A hook a sync would run at one of its points (manifest/hook.hpp): listed apart from the
// differences, since it is created anew each time rather than kept equal to git.
struct HookEntry {
  manifest::ObjectId id;  // a name the server generates shows as its prefix: "migrate-"
  std::string api_version;
  std::vector<std::string> phases;  // "pre-sync", "sync", "post-sync", "sync-fail"; none: skipped
  bool generated_name = false;
  std::string source;  // "envs/prod/migrate.yaml:1"
};

// An object the target cluster's admission refused in a server-side dry run (--policy): what a
// sync of the change would be refused.
struct Denial {
  manifest::ObjectId id;
  std::string api_version;
  std::string source;  // "envs/prod/web.yaml:12"
  // Who refused: "ValidatingAdmissionPolicy" (with `policy` and `binding`), "webhook" (`policy`
  // is the webhook's name), or "server" (the API server itself: schema, conflicts, ...).
  std::string by;
  std::string policy;
  std::string binding;
  std::string message;  // the policy's own words; a Secret's values are masked
};

// What --policy found: every object the change would create or update, sent through the
// cluster's admission as a dry run.
struct PolicyCheck {
  int checked = 0;              // objects admission answered for
  std::vector<Denial> denied;   // in identity order
  std::vector<Denial> skipped;  // not checkable yet (`message` says why): their namespace or
                                // kind comes with the same change

  bool passed() const { return denied.empty(); }
};

// Everything a presenter formats. Presenters read only this: nothing they print can come from
// anywhere else, so masking in the comparer is the one place that keeps Secrets out of output.
struct Report {
  SourceInfo source;
  TargetInfo target;
  ChangeSet changes;
  std::vector<HookEntry> hooks;       // against a cluster: the hooks a sync of the source would run
  std::optional<PolicyCheck> policy;  // with --policy
};

}  // namespace gitops::diff
