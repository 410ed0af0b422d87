#pragma once

// What the agent keeps equal to git: one app each, from gitsync's own arguments or from an apps
// file (--apps FILE), a YAML list:
//
//   apps:
//   - name: shop-prod
//     repository: /srv/clones/platform   # a local clone; with `branch`, fetched from origin
//     branch: main                       # else `revision` (default HEAD) is read as it is
//     # or a URL (https://, http://, ssh://, git://, file://, user@host:path), kept as a bare clone
//     # in the cache, with `branch` required; sign-in from files read each round:
//     # usernameFile, passwordFile (a password or token), sshKeyFile; knownHostsFile: the SSH
//     # host keys to accept (else ~/.ssh/known_hosts)
//     paths: [envs/prod]
//     context: prod                      # kubeconfig context; default: the current one
//     prune: true
//     wait: true
//     selfHeal: true
//     rollbackOnFailure: true
//     interval: 1m
//     timeout: 5m
//     verifySignatures: strict           # head or strict, with allowedSigners and/or trustedKeys
//     allowedSigners: /etc/gitops/allowed_signers   # relative: to the apps file's folder
//     trustedKeys: /etc/gitops/keys.asc

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/plan.hpp"
#include "trust/verify.hpp"

namespace gitops::agent {

struct AppSpec {
  std::string name;
  std::string repository;  // a folder inside a clone, or a URL (git::is_remote_url)
  std::string branch;      // fetched from the clone's origin each round; "": use `revision`
  std::string revision = "HEAD";
  std::vector<std::string> paths;
  std::string context;  // "": the kubeconfig's current context
  std::string record_namespace;
  bool prune = false;
  bool wait = false;
  bool self_heal = false;
  bool rollback_on_failure = false;
  bool policy = false;  // the cluster's admission checks a revision as a dry run before its sync
  std::chrono::milliseconds interval{std::chrono::minutes(1)};
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  // For a URL: files holding the sign-in (git::RemoteAuth), read each round ("": none).
  std::string username_file;
  std::string password_file;
  std::string ssh_key_file;
  // For an SSH URL: the host's key must be in this file ("": libgit2 checks ~/.ssh/known_hosts).
  std::string known_hosts_file;
  // --verify-signatures: a new revision is synced only when it verifies (with the commits since
  // the last synced one, in strict mode); nullopt: signatures are not checked.
  std::optional<trust::VerifyMode> verify;
  trust::TrustRoots trust_roots;
  // How charts and Jsonnet render (the flags'; a chart is released as the app).
  pipeline::RenderOptions render;

  // The revision a round syncs: origin's branch once fetched, else `revision`.
  std::string target_revision() const;
};

// Reads an apps file. Every app needs a valid, unique name and a repository; relative
// repositories are relative to the file's folder. `defaults` gives what an entry leaves out.
// Error naming the file, the entry and the key for anything else.
std::vector<AppSpec> read_apps_file(const std::string& path, const AppSpec& defaults);

// The same from the file's text (for tests); `folder` resolves relative repositories.
std::vector<AppSpec> parse_apps(const std::string& text, const std::string& file,
                                const std::string& folder, const AppSpec& defaults);

}  // namespace gitops::agent
