#include "agent/webhook.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <nlohmann/json.hpp>

namespace gitops::agent {

namespace {

bool same_text(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string hmac_sha256_hex(const std::string& secret, const std::string& body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (unsigned int i = 0; i < length; ++i) {
    text += hex[digest[i] >> 4];
    text += hex[digest[i] & 0xf];
  }
  return text;
}

bool signed_with(const std::string& secret, const std::map<std::string, std::string>& headers,
                 const std::string& body) {
  if (secret.empty())
    return false;
  if (auto github = headers.find("x-hub-signature-256"); github != headers.end())
    return same_text(github->second, "sha256=" + hmac_sha256_hex(secret, body));
  if (auto gitlab = headers.find("x-gitlab-token"); gitlab != headers.end())
    return same_text(gitlab->second, secret);
  return false;
}

std::optional<std::string> pushed_branch(const std::string& body) {
  const auto event = nlohmann::json::parse(body, nullptr, false);
  if (event.is_discarded() || !event.is_object() || !event.contains("ref") ||
      !event["ref"].is_string())
    return std::nullopt;
  const std::string ref = event["ref"];
  const std::string prefix = "refs/heads/";
  if (!ref.starts_with(prefix))
    return std::nullopt;
  return ref.substr(prefix.size());
}

}  // namespace gitops::agent
