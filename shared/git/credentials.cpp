#include "git/credentials.hpp"

#include <cstdlib>

#include "error.hpp"
#include "git/known_hosts.hpp"
#include "git/remote.hpp"

namespace gitops::git {
namespace {

const char* token_from_environment() {
  for (const char* name : {"GITOPS_GIT_TOKEN", "GIT_TOKEN"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') {
      return value;
    }
  }
  return nullptr;
}

int record_push_status(const char* refname, const char* status, void* payload) {
  if (status != nullptr) {
    auto* state = static_cast<CallbackState*>(payload);
    state->push_rejection = std::string(refname) + ": " + status;
  }
  return 0;
}

// The kind of credential to offer of those the server accepts: an SSH key from the agent, a user
// name (SSH asks for one first when the URL has none), or a token for HTTPS; 0 for none of those.
unsigned int kind_to_offer(unsigned int allowed_types) {
  for (unsigned int kind :
       {GIT_CREDENTIAL_SSH_KEY, GIT_CREDENTIAL_USERNAME, GIT_CREDENTIAL_USERPASS_PLAINTEXT}) {
    if (allowed_types & kind) {
      return kind;
    }
  }
  return 0;
}

}  // namespace

int acquire_credentials(git_credential** out, const char* url, const char* username_from_url,
                        unsigned int allowed_types, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  const unsigned int kind = kind_to_offer(allowed_types);
  // libgit2 asks again after a rejected credential; offering the same kind again would loop
  // forever. (Asking for a user name and then a key, over SSH, is two kinds.)
  if (kind != 0 && (state->offered & kind) != 0) {
    state->failure =
        std::string("the remote rejected the credentials for ") + quoted(masked_url(url));
    return GIT_EUSER;
  }
  state->offered |= kind;
  const char* user =
      username_from_url != nullptr && *username_from_url != '\0' ? username_from_url : "git";
  switch (kind) {
    case GIT_CREDENTIAL_SSH_KEY:
      if (state->auth && !state->auth->ssh_key_file.empty()) {
        return git_credential_ssh_key_new(out, user, nullptr, state->auth->ssh_key_file.c_str(),
                                          nullptr);
      }
      return git_credential_ssh_key_from_agent(out, user);
    case GIT_CREDENTIAL_USERNAME:
      return git_credential_username_new(out, user);
    case GIT_CREDENTIAL_USERPASS_PLAINTEXT:
      if (state->auth && !state->auth->password.empty()) {
        const auto& name = state->auth->username;
        return git_credential_userpass_plaintext_new(
            out, name.empty() ? "x-access-token" : name.c_str(), state->auth->password.c_str());
      }
      if (const char* token = token_from_environment()) {
        return git_credential_userpass_plaintext_new(out, "x-access-token", token);
      }
      state->failure = quoted(masked_url(url)) +
                       " asks for credentials: set GITOPS_GIT_TOKEN (or GIT_TOKEN) to a token "
                       "that may push there";
      return GIT_EUSER;
    default:
      state->failure = quoted(masked_url(url)) + " asks for a kind of credentials this tool lacks";
      return GIT_EUSER;
  }
}

int check_certificate(git_cert* cert, int /*valid*/, const char* host, void* payload) {
  auto* state = static_cast<CallbackState*>(payload);
  if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2 || !state->auth ||
      state->auth->known_hosts_file.empty()) {
    return GIT_PASSTHROUGH;
  }
  const auto& file = state->auth->known_hosts_file;
  const int port = ssh_port_of(state->url);
  const auto name = quoted(known_hosts_name(host, port));
  try {
    switch (check_host_key(file, host, port, *reinterpret_cast<const git_cert_hostkey*>(cert))) {
      case HostKeyCheck::known:
        return 0;
      case HostKeyCheck::unknown:
        state->failure = "the host key of " + name + " is not in " + quoted(file) +
                         ": refused (add the host's keys once you trust them, e.g. ssh-keyscan" +
                         (port == 22 ? "" : " -p " + std::to_string(port)) + " " + host + ")";
        break;
      case HostKeyCheck::changed:
        state->failure = "the host key of " + name + " is not the one " + quoted(file) +
                         " holds for it: refused (the host's key changed, or someone is in the "
                         "middle)";
        break;
    }
  } catch (const Error& error) {
    state->failure = error.what();
  }
  return GIT_ECERTIFICATE;
}

git_remote_callbacks remote_callbacks(CallbackState& state) {
  git_remote_callbacks callbacks = GIT_REMOTE_CALLBACKS_INIT;
  callbacks.credentials = acquire_credentials;
  callbacks.certificate_check = check_certificate;
  callbacks.push_update_reference = record_push_status;
  callbacks.payload = &state;
  return callbacks;
}

}  // namespace gitops::git
