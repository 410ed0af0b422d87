#pragma once

#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kube/kubectl.hpp"
#include "util/temp_dir.hpp"

namespace gitops::kube {

// What the API server (or the proxy itself) answered to one GET.
struct HttpResponse {
  int status = 0;
  std::string content_type;
  std::string body;
  int retry_after = 0;  // seconds, when the server said (429, 503)

  bool ok() const { return status == 200; }
  // The server's own words for a failure: a Status object's message, else the body's first line.
  std::string reason() const;
};

// Builds the Error for a failed response as throw_kubectl_failure does for a failed call, with the
// same hint when the proxy could not reach the server ("dial tcp ...: connection refused").
[[noreturn]] void throw_response_failure(const HttpResponse& response, const std::string& what);

// One `kubectl proxy` serving a private unix socket, through which every read of a run goes: one
// kubectl process however many kinds and namespaces are read, each list a GET in flight at the
// same time. kubectl still does everything that makes a client: the kubeconfig, credentials and
// their plugins, TLS, impersonation (--as). The proxy refuses every method but GET and HEAD, so
// what runs through it cannot change the cluster.
class ApiProxy {
 public:
  // Starts the proxy and returns at once; the first GET waits until it serves.
  explicit ApiProxy(const Kubectl& kubectl);
  ApiProxy(const ApiProxy&) = delete;
  ApiProxy& operator=(const ApiProxy&) = delete;

  // GETs every path ("/api/v1/namespaces/a/configmaps"), up to `concurrency` at once; responses in
  // the order of the paths. Throws Error when the proxy does not start or a request cannot be
  // made at all; what the server answered, failures included, is a response. Requests the server
  // throttled (429, 503) are retried a few times after the wait it asks for.
  std::vector<HttpResponse> get_all(const std::vector<std::string>& paths, int concurrency = 16);
  HttpResponse get(const std::string& path);

 private:
  // The socket, once the proxy serves it.
  std::filesystem::path socket();
  // One round of GETs, all in flight at once.
  std::vector<HttpResponse> fetch(const std::vector<std::string>& paths, int concurrency);

  const Kubectl& kubectl_;
  util::TempDir folder_;  // private to this user: the socket carries their credentials
  RunningKubectl proxy_;  // declared after folder_: stopped before the folder goes
  std::once_flag started_;
  std::exception_ptr start_failure_;
};

}  // namespace gitops::kube
