#include "agent/notifier.hpp"

#include <random>

#include <unistd.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include "agent/webhook.hpp"
#include "error.hpp"
#include "kube/whoami.hpp"

namespace gitops::agent {

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using Json = nlohmann::ordered_json;

constexpr std::chrono::minutes kDeduplicateFor{5};

std::string host_name() {
  char name[256] = {};
  return gethostname(name, sizeof name - 1) == 0 ? name : "";
}

Json generic_event(const Event& event, const std::string& record_namespace,
                   const std::string& branch) {
  const auto revision =
      event.revision.empty() ? "" : (branch.empty() ? "" : branch + "@") + "sha1:" + event.revision;
  return {{"involvedObject",
           {{"apiVersion", "gitops.kubectl.dev/v1"},
            {"kind", "App"},
            {"namespace", record_namespace},
            {"name", event.app}}},
          {"severity", is_error(event.reason) ? "error" : "info"},
          {"timestamp", kube::rfc3339_now()},
          {"message", event.message},
          {"reason", to_string(event.reason)},
          {"reportingController", "kubectl-gitsync"},
          {"reportingInstance", host_name()},
          {"metadata", {{"revision", revision}}}};
}

std::string random_id() {
  std::mt19937_64 random(std::random_device{}());
  static const char* hex = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 32; ++i)
    id += hex[random() % 16];
  return id;
}

}  // namespace

NotifyFormat notify_format(const std::string& name) {
  if (name == "generic")
    return NotifyFormat::generic;
  if (name == "slack")
    return NotifyFormat::slack;
  if (name == "cloudevents")
    return NotifyFormat::cloudevents;
  throw Error("unknown format " + quoted(name) +
              " for --notify-format (choose generic, slack, cloudevents)");
}

bool notifies(Reason reason) {
  return reason != Reason::in_sync && reason != Reason::skipped && reason != Reason::round_failed;
}

std::pair<std::string, std::string> notification_body(const Event& event, NotifyFormat format,
                                                      const std::string& record_namespace,
                                                      const std::string& branch) {
  const auto generic = generic_event(event, record_namespace, branch);
  switch (format) {
    case NotifyFormat::generic:
      return {generic.dump(), "application/json"};
    case NotifyFormat::slack: {
      const Json message = {
          {"username", "kubectl-gitsync"},
          {"text", "*" + event.app + "* " + to_string(event.reason) + ": " + event.message},
          {"attachments", Json::array({{{"color", is_error(event.reason) ? "danger" : "good"},
                                        {"footer", generic["metadata"]["revision"]}}})}};
      return {message.dump(), "application/json"};
    }
    case NotifyFormat::cloudevents: {
      const Json cloud_event = {
          {"specversion", "1.0"},
          {"type", std::string("dev.kubectl.gitops.") + to_string(event.reason)},
          {"source", "kubectl-gitsync/" + event.app},
          {"id", random_id()},
          {"time", generic["timestamp"]},
          {"datacontenttype", "application/json"},
          {"data", generic}};
      return {cloud_event.dump(), "application/cloudevents+json"};
    }
  }
  return {generic.dump(), "application/json"};
}

namespace {

// Where a notification goes: "http://host[:port]/path" or "https://host[:port]/path".
struct Endpoint {
  bool tls = false;
  std::string authority;  // host[:port], for the Host header
  std::string host;
  std::string port;
  std::string target;
};

std::optional<Endpoint> endpoint_of(const std::string& url) {
  Endpoint endpoint;
  std::string rest;
  if (url.starts_with("https://")) {
    endpoint.tls = true;
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return std::nullopt;
  }
  const auto slash = rest.find('/');
  endpoint.authority = rest.substr(0, slash);
  endpoint.target = slash == std::string::npos ? "/" : rest.substr(slash);
  const auto colon = endpoint.authority.rfind(':');
  endpoint.host = endpoint.authority.substr(0, colon);
  endpoint.port = colon == std::string::npos ? (endpoint.tls ? "443" : "80")
                                             : endpoint.authority.substr(colon + 1);
  return endpoint;
}

// Sends the request on a connected stream and returns the answer's status.
template <class Stream>
int send_and_read(Stream& stream, const http::request<http::string_body>& request) {
  http::write(stream, request);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  return static_cast<int>(response.result_int());
}

// HTTPS as curl does it: the server's certificate must chain to a CA of the system's store
// (OpenSSL's default paths, or SSL_CERT_FILE / SSL_CERT_DIR) and name the host.
int post_tls(asio::io_context& io, const Endpoint& endpoint,
             const http::request<http::string_body>& request) {
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_default_verify_paths();
  tls.set_verify_mode(asio::ssl::verify_peer);
  boost::beast::ssl_stream<boost::beast::tcp_stream> stream(io, tls);
  boost::system::error_code not_an_address;
  asio::ip::make_address(endpoint.host, not_an_address);
  if (not_an_address)  // SNI names hosts, never addresses
    SSL_set_tlsext_host_name(stream.native_handle(), endpoint.host.c_str());
  stream.set_verify_callback(asio::ssl::host_name_verification(endpoint.host));
  boost::beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  boost::beast::get_lowest_layer(stream).connect(
      asio::ip::tcp::resolver(io).resolve(endpoint.host, endpoint.port));
  stream.handshake(asio::ssl::stream_base::client);
  const int status = send_and_read(stream, request);
  boost::system::error_code ignored;
  stream.shutdown(ignored);
  return status;
}

}  // namespace

int post(const std::string& url, const std::string& body, const std::string& content_type,
         const std::string& signature) {
  const auto endpoint = endpoint_of(url);
  if (!endpoint)
    return 0;
  http::request<http::string_body> request{http::verb::post, endpoint->target, 11};
  request.set(http::field::host, endpoint->authority);
  request.set(http::field::user_agent, "kubectl-gitsync");
  request.set(http::field::content_type, content_type);
  if (!signature.empty())
    request.set("X-Signature", signature);
  request.body() = body;
  request.prepare_payload();
  try {
    asio::io_context io;
    if (endpoint->tls)
      return post_tls(io, *endpoint, request);
    boost::beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(asio::ip::tcp::resolver(io).resolve(endpoint->host, endpoint->port));
    const int status = send_and_read(stream, request);
    boost::system::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    return status;
  } catch (const std::exception&) {
    return 0;
  }
}

Notifier::Notifier(NotifyOptions options) : options_(std::move(options)) {
  thread_ = std::thread([this] { run(); });
}

Notifier::~Notifier() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Notifier::send(const Event& event, const std::string& branch) {
  if (!notifies(event.reason) || options_.urls.empty())
    return;
  const auto key = event.app + "\n" + to_string(event.reason) + "\n" + event.message;
  const auto now = std::chrono::steady_clock::now();
  const auto [body, content_type] =
      notification_body(event, options_.format, options_.record_namespace, branch);
  {
    std::lock_guard lock(mutex_);
    if (auto sent = sent_.find(key); sent != sent_.end() && now - sent->second < kDeduplicateFor)
      return;
    sent_[key] = now;
    for (const auto& url : options_.urls)
      queue_.push_back({url, body, content_type});
  }
  wake_.notify_all();
}

void Notifier::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty())
      return;  // stopping, nothing left
    const auto pending = queue_.front();
    queue_.pop_front();
    lock.unlock();
    const auto signature = options_.hmac_key.empty()
                               ? ""
                               : "sha256=" + hmac_sha256_hex(options_.hmac_key, pending.body);
    for (int attempt = 0; attempt < 4; ++attempt) {
      const auto status = post(pending.url, pending.body, pending.content_type, signature);
      if (status >= 200 && status < 300)
        break;
      if (attempt < 3)
        std::this_thread::sleep_for(std::chrono::seconds(1 << attempt));
    }
    lock.lock();
  }
}

}  // namespace gitops::agent
