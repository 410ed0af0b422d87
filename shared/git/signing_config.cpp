#include "git/signing_config.hpp"

#include "error.hpp"
#include "git/handles.hpp"

namespace gitops::git {

namespace {

using ConfigPtr = std::unique_ptr<git_config, Deleter<git_config_free>>;

std::string text_of(git_config* config, const char* name) {
  Buffer value;
  if (git_config_get_string_buf(value.get(), config, name) < 0)
    return "";
  return value.str();
}

}  // namespace

SigningConfig signing_config(const Writer& writer) {
  git_config* raw_config = nullptr;
  check(git_repository_config_snapshot(&raw_config, raw(writer)),
        "cannot read the git configuration");
  ConfigPtr config(raw_config);
  SigningConfig signing;
  int sign = 0;
  if (git_config_get_bool(&sign, config.get(), "commit.gpgsign") == 0)
    signing.sign_commits = sign != 0;
  if (auto format = text_of(config.get(), "gpg.format"); !format.empty())
    signing.format = format;
  signing.key = text_of(config.get(), "user.signingkey");
  return signing;
}

}  // namespace gitops::git
