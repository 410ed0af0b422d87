#include "kube/http.hpp"

#include <nlohmann/json.hpp>

#include "kube/kubectl.hpp"
#include "util/text.hpp"

namespace gitops::kube {

std::string HttpResponse::reason() const {
  if (content_type.find("json") != std::string::npos) {
    auto status = nlohmann::json::parse(body, nullptr, false);
    if (status.is_object() && status.contains("message") && status["message"].is_string())
      return status["message"].get<std::string>();
  }
  for (auto line : util::lines_of(body)) {
    if (!util::trimmed(line).empty())
      return std::string(util::trimmed(line));
  }
  return "HTTP " + std::to_string(status);
}

ErrorKind HttpResponse::error_kind() const {
  switch (status) {
    case 401:
    case 403:
      return ErrorKind::forbidden;
    case 404:
      return ErrorKind::not_found;
    case 409:
      return ErrorKind::conflict;
    case 400:
    case 422:
      return ErrorKind::invalid_input;
    default:
      return status >= 500 ? ErrorKind::unreachable : ErrorKind::failed;
  }
}

void throw_response_failure(const HttpResponse& response, const std::string& what) {
  ProcessResult failure;
  failure.exit_code = 1;
  failure.err = "error: " + response.reason();
  throw_kubectl_failure(failure, what, response.error_kind());
}

}  // namespace gitops::kube
