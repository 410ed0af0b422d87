#pragma once

// Private to shared/git/: an SSH server's host key checked against a known-hosts file the caller
// names (OpenSSH's format, read by libssh2 as libgit2 reads ~/.ssh/known_hosts).

#include <string>

#include "git/handles.hpp"

namespace gitops::git {

enum class HostKeyCheck {
  known,    // the file holds this key for the host
  unknown,  // the file holds no key of this type for the host
  changed,  // the file holds another key of this type for the host
};

// Checks `key` (the server's, as libgit2 hands it to certificate_check) for `host` on `port`: the
// file's "host" entries on port 22, its "[host]:port" entries on any port. Error naming the file
// when it cannot be read.
HostKeyCheck check_host_key(const std::string& known_hosts_file, const std::string& host, int port,
                            const git_cert_hostkey& key);

// The port an SSH URL connects to: ssh://[user@]host:PORT/path, else 22 (scp-like URLs have none).
int ssh_port_of(const std::string& url);

// How known_hosts names `host` on `port`: "host" on 22, "[host]:port" elsewhere.
std::string known_hosts_name(const std::string& host, int port);

}  // namespace gitops::git
