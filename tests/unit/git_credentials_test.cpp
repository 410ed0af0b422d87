// The credentials callback of the git seam (a private header: tested here because a wrong answer
// either leaks a token or loops forever against a server that keeps asking).

#include <git2.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include "git/credentials.hpp"

namespace {

using gitops::git::acquire_credentials;
using gitops::git::CallbackState;

// Sets an environment variable for the test's duration.
class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const char* value) : name_(name) {
    if (const char* old = getenv(name))
      old_ = old;
    if (value) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnvironment() {
    if (old_.empty()) {
      unsetenv(name_);
    } else {
      setenv(name_, old_.c_str(), 1);
    }
  }

 private:
  const char* name_;
  std::string old_;
};

TEST(GitCredentials, HttpsUsesTheTokenFromTheEnvironmentOnceAndNeverPrintsIt) {
  git_libgit2_init();
  ScopedEnvironment token("GITOPS_GIT_TOKEN", "s3cret-token");
  CallbackState state;
  git_credential* credential = nullptr;
  ASSERT_EQ(acquire_credentials(&credential, "https://example.com/deploy.git", nullptr,
                                GIT_CREDENTIAL_USERPASS_PLAINTEXT, &state),
            0);
  ASSERT_NE(credential, nullptr);
  EXPECT_EQ(git_credential_get_username(credential), std::string("x-access-token"));
  git_credential_free(credential);

  // Rejected by the server, asked again: fail rather than loop, without the token in the message.
  credential = nullptr;
  EXPECT_EQ(acquire_credentials(&credential, "https://example.com/deploy.git", nullptr,
                                GIT_CREDENTIAL_USERPASS_PLAINTEXT, &state),
            GIT_EUSER);
  EXPECT_EQ(state.failure,
            "the remote rejected the credentials for 'https://example.com/deploy.git'");
  EXPECT_EQ(state.failure.find("s3cret"), std::string::npos);
  git_libgit2_shutdown();
}

TEST(GitCredentials, FallsBackToGitTokenAndExplainsWhenThereIsNone) {
  git_libgit2_init();
  ScopedEnvironment primary("GITOPS_GIT_TOKEN", nullptr);
  {
    ScopedEnvironment fallback("GIT_TOKEN", "other-token");
    CallbackState state;
    git_credential* credential = nullptr;
    EXPECT_EQ(acquire_credentials(&credential, "https://example.com/r.git", "someone",
                                  GIT_CREDENTIAL_USERPASS_PLAINTEXT, &state),
              0);
    git_credential_free(credential);
  }
  ScopedEnvironment fallback("GIT_TOKEN", nullptr);
  CallbackState state;
  git_credential* credential = nullptr;
  EXPECT_EQ(acquire_credentials(&credential, "https://user:pw@example.com/r.git", nullptr,
                                GIT_CREDENTIAL_USERPASS_PLAINTEXT, &state),
            GIT_EUSER);
  EXPECT_EQ(state.failure,
            "'https://user:***@example.com/r.git' asks for credentials: set GITOPS_GIT_TOKEN (or "
            "GIT_TOKEN) to a token that may push there");
  git_libgit2_shutdown();
}

TEST(GitCredentials, SshAsksForAUserNameThenAKeyFromTheAgent) {
  git_libgit2_init();
  CallbackState state;
  git_credential* credential = nullptr;
  ASSERT_EQ(acquire_credentials(&credential, "ssh://example.com/deploy.git", nullptr,
                                GIT_CREDENTIAL_USERNAME, &state),
            0);
  EXPECT_EQ(git_credential_get_username(credential), std::string("git"));
  git_credential_free(credential);
  credential = nullptr;
  ASSERT_EQ(acquire_credentials(&credential, "ssh://example.com/deploy.git", "git",
                                GIT_CREDENTIAL_SSH_KEY, &state),
            0);
  EXPECT_EQ(git_credential_has_username(credential), 1);
  git_credential_free(credential);
  credential = nullptr;
  EXPECT_EQ(acquire_credentials(&credential, "ssh://example.com/deploy.git", "git",
                                GIT_CREDENTIAL_SSH_KEY, &state),
            GIT_EUSER);
  git_libgit2_shutdown();
}

}  // namespace
