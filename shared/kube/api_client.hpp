#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kube/http.hpp"

namespace gitops::kube {

// The cluster's API as requests and answers: the one way the library reads and writes objects.
// ApiProxy sends them through `kubectl proxy`; unit tests answer them from memory.
class ApiClient {
 public:
  // Called with the number of requests answered so far.
  using Progress = std::function<void(std::size_t answered)>;

  virtual ~ApiClient() = default;

  // Sends every request, up to `concurrency` at once; the responses come in the order of the
  // requests. Throws Error when a request cannot be made at all; what the server answered,
  // failures included, is a response.
  virtual std::vector<HttpResponse> send_all(const std::vector<HttpRequest>& requests,
                                             int concurrency = 16,
                                             const Progress& progress = {}) = 0;

  HttpResponse send(const HttpRequest& request);
  std::vector<HttpResponse> get_all(const std::vector<std::string>& paths, int concurrency = 16);
  HttpResponse get(const std::string& path);
};

}  // namespace gitops::kube
