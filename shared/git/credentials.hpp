#pragma once

// Private to shared/git/: the credentials callback every fetch, push and clone uses.

#include <string>

#include "git/handles.hpp"
#include "git/remote.hpp"

namespace gitops::git {

// What the callbacks saw during one fetch, push or clone: credentials tried (so that a rejected
// one fails instead of being offered again forever), why none could be given, and the server's
// refusal of a pushed reference.
struct CallbackState {
  const RemoteAuth* auth = nullptr;  // what the app gave, besides the defaults
  std::string url;                   // the remote's (its port, for a known-hosts file)
  unsigned int offered = 0;          // git_credential_t kinds already offered
  std::string failure;               // set when no usable credential exists; the caller throws it
  std::string push_rejection;  // the server's status for a refused reference ("non-fast-forward")
};

// git_credential_acquire_cb: the ssh agent for SSH; for HTTPS, a token from GITOPS_GIT_TOKEN or
// GIT_TOKEN as user x-access-token. `payload` is a CallbackState.
int acquire_credentials(git_credential** out, const char* url, const char* username_from_url,
                        unsigned int allowed_types, void* payload);

// git_transport_certificate_check_cb: with the app's known-hosts file (RemoteAuth), an SSH host
// key is accepted only when the file holds it for the host, and refused with one line naming the
// host and the file otherwise; without one, libgit2 decides (~/.ssh/known_hosts; TLS as usual).
int check_certificate(git_cert* cert, int valid, const char* host, void* payload);

// Remote callbacks with acquire_credentials, check_certificate, and the push status of each
// reference, wired to `state`.
git_remote_callbacks remote_callbacks(CallbackState& state);

}  // namespace gitops::git
