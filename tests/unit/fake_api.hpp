#pragma once

// An ApiClient that answers from memory: the requests it was sent, in order, and a rule per
// request for its answer (200 {} when none matches). What shared/sync is unit-tested against.

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "kube/api_client.hpp"

namespace gitops::testing {

class FakeApi : public kube::ApiClient {
 public:
  using Rule = std::function<std::optional<kube::HttpResponse>(const kube::HttpRequest&)>;

  std::vector<kube::HttpResponse> send_all(const std::vector<kube::HttpRequest>& requests,
                                           int /*concurrency*/, const Progress& progress) override {
    std::vector<kube::HttpResponse> responses;
    for (const auto& request : requests) {
      std::lock_guard lock(mutex_);
      sent.push_back(request);
      responses.push_back(answer(request));
      if (progress)
        progress(responses.size());
    }
    return responses;
  }

  // Answers requests whose method and target start as given (the first matching rule wins).
  void on(const std::string& method, const std::string& target_prefix, int status,
          const std::string& body = "{}") {
    rules_.push_back([=](const kube::HttpRequest& request) -> std::optional<kube::HttpResponse> {
      if (request.method != method || !request.target.starts_with(target_prefix))
        return std::nullopt;
      return kube::HttpResponse{status, "application/json", body, 0};
    });
  }
  void on(Rule rule) { rules_.push_back(std::move(rule)); }

  // "PATCH /api/v1/namespaces/a/configmaps/b?fieldManager=gitsync", one line a request.
  std::vector<std::string> lines() const {
    std::vector<std::string> lines;
    for (const auto& request : sent)
      lines.push_back(request.method + " " + request.target);
    return lines;
  }

  std::vector<kube::HttpRequest> sent;

 private:
  kube::HttpResponse answer(const kube::HttpRequest& request) const {
    for (const auto& rule : rules_) {
      if (auto response = rule(request))
        return *response;
    }
    return {200, "application/json", "{}", 0};
  }

  std::vector<Rule> rules_;
  std::mutex mutex_;
};

// A Status object as the API server writes failures.
inline std::string status_body(int code, const std::string& reason, const std::string& message) {
  return R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":")" + message +
         R"(","reason":")" + reason + R"(","code":)" + std::to_string(code) + "}";
}

}  // namespace gitops::testing
