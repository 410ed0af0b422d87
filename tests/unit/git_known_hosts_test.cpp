// An app's known-hosts file (a private header of the git seam: tested here because a wrong answer
// lets a connection through to a host nobody trusted).

#include <git2.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "error.hpp"
#include "git/credentials.hpp"
#include "git/known_hosts.hpp"
#include "util/base64.hpp"
#include "util/temp_dir.hpp"

namespace {

using gitops::git::check_host_key;
using gitops::git::HostKeyCheck;

// Two ed25519 public keys, as known_hosts and ssh-keygen write them.
constexpr const char* kHostKey =
    "AAAAC3NzaC1lZDI1NTE5AAAAIDmoDh0vSTcLpYqX2Rf/nJHfxQs/LBQEJpkZOgfVx8Y7";
constexpr const char* kOtherKey =
    "AAAAC3NzaC1lZDI1NTE5AAAAIILhcypUbjHam22Hf+EeCdXSgpRihqLOxonzup4Wq+vJ";

// What libgit2 hands certificate_check for a server offering `key`.
struct ServerKey {
  explicit ServerKey(const char* key) : raw(*gitops::util::base64_decode(key)) {
    cert.parent.cert_type = GIT_CERT_HOSTKEY_LIBSSH2;
    cert.type = GIT_CERT_SSH_RAW;
    cert.raw_type = GIT_CERT_SSH_RAW_TYPE_KEY_ED25519;
    cert.hostkey = raw.data();
    cert.hostkey_len = raw.size();
  }
  std::string raw;
  git_cert_hostkey cert{};
};

class KnownHostsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    git_libgit2_init();  // libssh2 starts with libgit2
    file_ = (folder_.path() / "known_hosts").string();
    std::ofstream(file_) << "# the fleet's git servers\n"
                         << "git.example.com ssh-ed25519 " << kHostKey << "\n"
                         << "[127.0.0.1]:2222 ssh-ed25519 " << kHostKey << "\n";
  }
  void TearDown() override { git_libgit2_shutdown(); }

  gitops::util::TempDir folder_{"known-hosts"};
  std::string file_;
};

TEST_F(KnownHostsFile, AcceptsTheKeyItHoldsForTheHostOnItsPort) {
  const ServerKey server(kHostKey);
  EXPECT_EQ(check_host_key(file_, "git.example.com", 22, server.cert), HostKeyCheck::known);
  EXPECT_EQ(check_host_key(file_, "127.0.0.1", 2222, server.cert), HostKeyCheck::known);
}

TEST_F(KnownHostsFile, AHostOrPortItDoesNotNameIsUnknown) {
  const ServerKey server(kHostKey);
  EXPECT_EQ(check_host_key(file_, "evil.example.com", 22, server.cert), HostKeyCheck::unknown);
  EXPECT_EQ(check_host_key(file_, "127.0.0.1", 22, server.cert), HostKeyCheck::unknown);
  EXPECT_EQ(check_host_key(file_, "127.0.0.1", 2223, server.cert), HostKeyCheck::unknown);
}

TEST_F(KnownHostsFile, AnotherKeyForAKnownHostIsAChange) {
  const ServerKey server(kOtherKey);
  EXPECT_EQ(check_host_key(file_, "git.example.com", 22, server.cert), HostKeyCheck::changed);
}

TEST_F(KnownHostsFile, AMissingFileIsAnErrorNamingIt) {
  const ServerKey server(kHostKey);
  const auto missing = (folder_.path() / "nothing").string();
  try {
    check_host_key(missing, "git.example.com", 22, server.cert);
    FAIL() << "no error";
  } catch (const gitops::Error& error) {
    EXPECT_EQ(std::string(error.what()),
              "cannot read known hosts file '" + missing + "': No such file or directory");
  }
}

TEST_F(KnownHostsFile, TheCallbackRefusesAnUnknownHostInOneLineNamingHostAndFile) {
  ServerKey server(kHostKey);
  gitops::git::RemoteAuth auth;
  auth.known_hosts_file = file_;
  gitops::git::CallbackState state;
  state.auth = &auth;
  state.url = "ssh://git@127.0.0.1:2222/srv/platform.git";
  auto* cert = reinterpret_cast<git_cert*>(&server.cert);
  EXPECT_EQ(gitops::git::check_certificate(cert, 0, "127.0.0.1", &state), 0);
  EXPECT_EQ(state.failure, "");

  state.url = "ssh://git@127.0.0.1:2200/srv/platform.git";
  EXPECT_EQ(gitops::git::check_certificate(cert, 1, "127.0.0.1", &state), GIT_ECERTIFICATE);
  EXPECT_EQ(state.failure, "the host key of '[127.0.0.1]:2200' is not in '" + file_ +
                               "': refused (add the host's keys once you trust them, e.g. "
                               "ssh-keyscan -p 2200 127.0.0.1)");

  // Without a file of the app's, libgit2's own check (~/.ssh/known_hosts) stands.
  auth.known_hosts_file.clear();
  EXPECT_EQ(gitops::git::check_certificate(cert, 0, "127.0.0.1", &state), GIT_PASSTHROUGH);
}

TEST(SshPort, IsTheUrlsOrTwentyTwo) {
  using gitops::git::ssh_port_of;
  EXPECT_EQ(ssh_port_of("ssh://git@127.0.0.1:2222/srv/platform.git"), 2222);
  EXPECT_EQ(ssh_port_of("ssh://127.0.0.1:2222/srv/platform.git"), 2222);
  EXPECT_EQ(ssh_port_of("ssh://git@host/srv/platform.git"), 22);
  EXPECT_EQ(ssh_port_of("ssh://git@[::1]/r.git"), 22);
  EXPECT_EQ(ssh_port_of("ssh://git@[::1]:2022/r.git"), 2022);
  EXPECT_EQ(ssh_port_of("git@github.com:acme/platform.git"), 22);
}

}  // namespace
