#include "agent/notifier.hpp"

#include <random>

#include <unistd.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
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

int post(const std::string& url, const std::string& body, const std::string& content_type,
         const std::string& signature) {
  const std::string scheme = "http://";
  if (!url.starts_with(scheme))
    return 0;
  const auto rest = url.substr(scheme.size());
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  const auto target = slash == std::string::npos ? "/" : rest.substr(slash);
  const auto colon = authority.rfind(':');
  const auto host = authority.substr(0, colon);
  const auto port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
  try {
    asio::io_context io;
    boost::beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(asio::ip::tcp::resolver(io).resolve(host, port));
    http::request<http::string_body> request{http::verb::post, target, 11};
    request.set(http::field::host, authority);
    request.set(http::field::user_agent, "kubectl-gitsync");
    request.set(http::field::content_type, content_type);
    if (!signature.empty())
      request.set("X-Signature", signature);
    request.body() = body;
    request.prepare_payload();
    http::write(stream, request);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    boost::system::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    return static_cast<int>(response.result_int());
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
