// A webhook's request as the agent reads it (POST /hook): the input is the shared secret, a NUL,
// and the body. A body signed with the secret, GitHub's way or GitLab's, must be accepted, and
// the same signature on any other body, or a wrong token, refused; no secret accepts nothing. A
// branch read from the body must be the one its push event names.

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "agent/webhook.hpp"
#include "fuzz_input.hpp"

namespace {

using gitops::agent::hmac_sha256_hex;
using gitops::agent::pushed_branch;
using gitops::agent::signed_with;
using Headers = std::map<std::string, std::string>;

void signatures_hold(const std::string& secret, const std::string& body) {
  const Headers github = {{"x-hub-signature-256", "sha256=" + hmac_sha256_hex(secret, body)}};
  const Headers gitlab = {{"x-gitlab-token", secret}};
  const bool any = !secret.empty();
  if (signed_with(secret, github, body) != any || signed_with(secret, gitlab, body) != any)
    gitops::fuzz::finding("a request signed with the secret is " +
                          std::string(any ? "refused" : "accepted without a secret"));
  if (signed_with(secret, github, body + "x") || signed_with(secret, {}, body) ||
      signed_with(secret, {{"x-gitlab-token", secret + "x"}}, body) ||
      signed_with(secret + "x", github, body))
    gitops::fuzz::finding("a request that does not carry the secret's signature is accepted");
}

void branch_is_the_pushed_one(const std::string& body) {
  const auto branch = pushed_branch(body);
  if (!branch)
    return;
  const auto event = nlohmann::json::parse(body, nullptr, false);
  if (event.is_discarded() || !event.is_object() || !event.contains("ref") ||
      event["ref"] != "refs/heads/" + *branch)
    gitops::fuzz::finding("branch '" + *branch + "' is not the one the push event names");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [secret, body] = gitops::fuzz::split_at_nul(gitops::fuzz::text_of(data, size));
  signatures_hold(std::string(secret), std::string(body));
  branch_is_the_pushed_one(std::string(body));
  return 0;
}
