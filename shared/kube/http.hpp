#pragma once

#include <string>

#include "error.hpp"

namespace gitops::kube {

// One request to the API server, as the cluster client sends it.
struct HttpRequest {
  std::string method = "GET";
  std::string target;        // "/api/v1/namespaces/a/configmaps/b?fieldManager=gitsync"
  std::string content_type;  // of the body; "" without one
  std::string body;
  std::string accept = "application/json";
};

// What the API server (or the proxy in front of it) answered to one request.
struct HttpResponse {
  int status = 0;
  std::string content_type;
  std::string body;
  int retry_after = 0;  // seconds, when the server said (429, 503)

  bool ok() const { return status >= 200 && status < 300; }
  // The server's own words for a failure: a Status object's message, else the body's first line.
  std::string reason() const;
  // What kind of failure its status is (403: forbidden, 404: not found, 409: conflict, ...).
  ErrorKind error_kind() const;
};

// Builds the Error for a failed response as throw_kubectl_failure does for a failed call, with the
// same hint when the proxy could not reach the server ("dial tcp ...: connection refused").
[[noreturn]] void throw_response_failure(const HttpResponse& response, const std::string& what);

}  // namespace gitops::kube
