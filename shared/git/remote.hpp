#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "git/writer.hpp"

namespace gitops::git {

// Talking to remotes: clone, fetch and push, with credentials from the ssh agent or, for HTTPS, a
// token from GITOPS_GIT_TOKEN or GIT_TOKEN (sent as user x-access-token; never printed). URLs in
// messages have any password in them masked.

// How to sign in to a remote beyond those defaults, for one app of the agent: a user name and a
// password or token for HTTPS (user x-access-token when only a token is given), a private key file
// for SSH, and the known-hosts file SSH host keys are checked against (else libgit2 checks
// ~/.ssh/known_hosts). Never printed.
struct RemoteAuth {
  std::string username;
  std::string password;
  std::string ssh_key_file;
  std::string known_hosts_file;
};

enum class PushResult {
  pushed,
  // The remote branch has commits the pushed one does not contain (libgit2's
  // GIT_ENONFASTFORWARD, or the server's "non-fast-forward" / "fetch first"): fetch and redo.
  rejected_non_fast_forward,
};

// Pushes local `branch` to the branch of the same name on `remote` (a remote's name such as
// "origin"), never forcing. Other failures (authentication, network, a hook's refusal) throw
// Error naming the branch and the remote.
PushResult push_branch(Writer& writer, const std::string& remote, const std::string& branch);

// Fetches `branch` from `remote` into refs/remotes/<remote>/<branch> and returns the remote's tip,
// or nullopt when the remote has no such branch.
std::optional<std::string> fetch_branch(Writer& writer, const std::string& remote,
                                        const std::string& branch, const RemoteAuth& auth = {});

// Clones `url` into `destination` (which must not exist) as a bare repository, with remote
// "origin" pointing at `url`.
void clone_bare(const std::string& url, const std::filesystem::path& destination,
                const RemoteAuth& auth = {});

// Whether a repository is named by a URL (scheme://... or scp-like user@host:path) rather than a
// folder.
bool is_remote_url(const std::string& repository);

// The URL `remote` fetches from; Error when the repository has no such remote.
std::string remote_url(const Writer& writer, const std::string& remote);

// "https://user:***@host/repo.git" for "https://user:secret@host/repo.git".
std::string masked_url(const std::string& url);

}  // namespace gitops::git
