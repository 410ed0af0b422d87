#pragma once

#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kube/api_client.hpp"
#include "kube/kubectl.hpp"
#include "util/temp_dir.hpp"

namespace gitops::kube {

// What a proxy lets through.
enum class Access {
  read_only,   // GET and HEAD: whatever runs through it cannot change the cluster (gitdiff)
  dry_run,     // reads, and writes only as server-side dry runs: nothing it sends is stored
               // (gitdiff --policy)
  read_write,  // every method (gitsync, gitrevert)
};

// One `kubectl proxy` serving a private unix socket, through which every request of a run goes:
// one kubectl process however many objects are read or written, many requests in flight at once.
// kubectl still does everything that makes a client: the kubeconfig, credentials and their
// plugins, TLS, impersonation (--as).
class ApiProxy : public ApiClient {
 public:
  // Starts the proxy and returns at once; the first request waits until it serves.
  explicit ApiProxy(const Kubectl& kubectl, Access access = Access::read_only);
  ApiProxy(const ApiProxy&) = delete;
  ApiProxy& operator=(const ApiProxy&) = delete;

  // Requests the server throttled (429, 503) are sent again a few times, after the wait it asks
  // for. A write through a read-only proxy is answered 403 by the proxy itself; a write that is
  // not a dry run through a dry-run proxy is refused before it is sent (Error).
  std::vector<HttpResponse> send_all(const std::vector<HttpRequest>& requests, int concurrency = 16,
                                     const Progress& progress = {}) override;

 private:
  // The socket, once the proxy serves it.
  std::filesystem::path socket();
  // One round of requests, all in flight at once.
  std::vector<HttpResponse> fetch(const std::vector<HttpRequest>& requests, int concurrency,
                                  const Progress& progress);

  const Kubectl kubectl_;  // a copy: callers may pass a temporary
  const Access access_;
  util::TempDir folder_;  // private to this user: the socket carries their credentials
  RunningKubectl proxy_;  // declared after folder_: stopped before the folder goes
  std::once_flag started_;
  std::exception_ptr start_failure_;
};

}  // namespace gitops::kube
