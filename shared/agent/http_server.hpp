#pragma once

// A small HTTP/1.1 server for the agent's endpoints (/healthz, /metrics, /apps, /hook): one
// thread, one request per connection, bodies up to 1 MiB, each read bounded by 10 s.

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace gitops::agent {

struct HttpCall {
  std::string method;                          // "GET"
  std::string target;                          // "/metrics"
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

struct HttpReply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

using HttpHandler = std::function<HttpReply(const HttpCall&)>;

class HttpServer {
 public:
  // Listens on `address` ("127.0.0.1:8080", ":8080" for every interface, port 0 for any free
  // one) and serves on a thread of its own. Error when it cannot listen there.
  HttpServer(const std::string& address, HttpHandler handler);
  ~HttpServer();  // stops serving
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gitops::agent
