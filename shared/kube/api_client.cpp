#include "kube/api_client.hpp"

namespace gitops::kube {

HttpResponse ApiClient::send(const HttpRequest& request) {
  return std::move(send_all({request}, 1).front());
}

std::vector<HttpResponse> ApiClient::get_all(const std::vector<std::string>& paths,
                                             int concurrency) {
  std::vector<HttpRequest> requests;
  requests.reserve(paths.size());
  for (const auto& path : paths)
    requests.push_back({"GET", path, "", ""});
  return send_all(requests, concurrency);
}

HttpResponse ApiClient::get(const std::string& path) {
  return send({"GET", path, "", ""});
}

}  // namespace gitops::kube
