#pragma once

// POST /hook: a push notification from GitHub or GitLab, checked against the shared secret
// (--webhook-secret-file) before anything is read from it.

#include <map>
#include <optional>
#include <string>

namespace gitops::agent {

// Whether the request carries proof of the secret: GitHub's X-Hub-Signature-256
// ("sha256=" + hex HMAC-SHA256 of the body) or GitLab's X-Gitlab-Token (the secret itself),
// compared in constant time. `headers` have lower-case names.
bool signed_with(const std::string& secret, const std::map<std::string, std::string>& headers,
                 const std::string& body);

// The branch a push event names ("refs/heads/main" -> "main"), nullopt for any other event or
// a body that is not one.
std::optional<std::string> pushed_branch(const std::string& body);

// Hex HMAC-SHA256 of `body` with `secret`.
std::string hmac_sha256_hex(const std::string& secret, const std::string& body);

}  // namespace gitops::agent
