#include "git/known_hosts.hpp"

#include <libssh2.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>

#include "error.hpp"

namespace gitops::git {
namespace {

using SessionPtr = std::unique_ptr<LIBSSH2_SESSION, Deleter<libssh2_session_free>>;
using KnownHostsPtr = std::unique_ptr<LIBSSH2_KNOWNHOSTS, Deleter<libssh2_knownhost_free>>;

// libssh2's bit for a key type, so that an entry of another type is not compared (a host may list
// one key of each type); LIBSSH2_KNOWNHOST_KEY_UNKNOWN matches no entry.
int key_type_bits(git_cert_ssh_raw_type_t type) {
  switch (type) {
    case GIT_CERT_SSH_RAW_TYPE_RSA:
      return LIBSSH2_KNOWNHOST_KEY_SSHRSA;
    case GIT_CERT_SSH_RAW_TYPE_DSS:
      return LIBSSH2_KNOWNHOST_KEY_SSHDSS;
    case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_256:
      return LIBSSH2_KNOWNHOST_KEY_ECDSA_256;
    case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_384:
      return LIBSSH2_KNOWNHOST_KEY_ECDSA_384;
    case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_521:
      return LIBSSH2_KNOWNHOST_KEY_ECDSA_521;
    case GIT_CERT_SSH_RAW_TYPE_KEY_ED25519:
      return LIBSSH2_KNOWNHOST_KEY_ED25519;
    default:
      return LIBSSH2_KNOWNHOST_KEY_UNKNOWN;
  }
}

std::string last_error_of(LIBSSH2_SESSION* session) {
  char* message = nullptr;
  libssh2_session_last_error(session, &message, nullptr, 0);
  return message ? message : "unreadable";
}

}  // namespace

HostKeyCheck check_host_key(const std::string& known_hosts_file, const std::string& host, int port,
                            const git_cert_hostkey& key) {
  const auto cannot_read = "cannot read known hosts file " + quoted(known_hosts_file) + ": ";
  if (!std::ifstream(known_hosts_file))
    throw Error(cannot_read + std::strerror(errno));
  if ((key.type & GIT_CERT_SSH_RAW) == 0)
    throw Error("the SSH server at " + quoted(known_hosts_name(host, port)) +
                " sent no host key to check against " + quoted(known_hosts_file));
  const SessionPtr session(libssh2_session_init());
  const KnownHostsPtr known(session ? libssh2_knownhost_init(session.get()) : nullptr);
  if (!known)
    throw Error(cannot_read + "libssh2 could not start");
  if (libssh2_knownhost_readfile(known.get(), known_hosts_file.c_str(),
                                 LIBSSH2_KNOWNHOST_FILE_OPENSSH) < 0)
    throw Error(cannot_read + last_error_of(session.get()));
  libssh2_knownhost* found = nullptr;
  const int check = libssh2_knownhost_checkp(
      known.get(), host.c_str(), port, key.hostkey, key.hostkey_len,
      LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | key_type_bits(key.raw_type),
      &found);
  switch (check) {
    case LIBSSH2_KNOWNHOST_CHECK_MATCH:
      return HostKeyCheck::known;
    case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
      return HostKeyCheck::changed;
    case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND:
      return HostKeyCheck::unknown;
    default:
      throw Error(cannot_read + last_error_of(session.get()));
  }
}

int ssh_port_of(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos)
    return 22;
  const auto authority = scheme + 3;
  const auto end = url.find('/', authority);
  auto host = url.substr(authority, end == std::string::npos ? std::string::npos : end - authority);
  if (const auto at = host.rfind('@'); at != std::string::npos)
    host = host.substr(at + 1);
  const auto bracket = host.rfind(']');  // [::1]:2222
  const auto colon = host.rfind(':');
  if (colon == std::string::npos || (bracket != std::string::npos && colon < bracket))
    return 22;
  try {
    return std::stoi(host.substr(colon + 1));
  } catch (const std::exception&) {
    return 22;
  }
}

std::string known_hosts_name(const std::string& host, int port) {
  return port == 22 ? host : "[" + host + "]:" + std::to_string(port);
}

}  // namespace gitops::git
