#include "kube/whoami.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "manifest/parse.hpp"

namespace gitops::kube {

std::string current_user(const Kubectl& kubectl) {
  auto result = kubectl.run({{"auth", "whoami", "-o", "json"}, ""});
  if (result.ok()) {
    try {
      auto review = manifest::parse_json(result.out, "auth whoami");
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
