#include "kube/whoami.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "kube/api_requests.hpp"
#include "manifest/json_parse.hpp"

namespace gitops::kube {

std::string current_user(ApiClient& api) {
  const manifest::Value review_request = {{"apiVersion", "authentication.k8s.io/v1"},
                                          {"kind", "SelfSubjectReview"}};
  auto response =
      api.send(create_request("/apis/authentication.k8s.io/v1/selfsubjectreviews", review_request));
  if (response.ok()) {
    try {
      auto review = manifest::parse_json(response.body, "the SelfSubjectReview");
      auto name = review["status"]["userInfo"].value("username", "");
      if (!name.empty())
        return name;
    } catch (...) {
      // An old server without SelfSubjectReview: fall back to the local user.
    }
  }
  const char* user = std::getenv("USER");
  return user && *user ? user : "unknown";
}

std::string rfc3339_now(bool micro) {
  auto now = std::chrono::system_clock::now();
  auto seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::string out = text;
  if (micro) {
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()) %
                  std::chrono::seconds(1);
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, ".%06ld", static_cast<long>(micros.count()));
    out += fraction;
  }
  return out + "Z";
}

}  // namespace gitops::kube
