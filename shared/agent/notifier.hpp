#pragma once

// Notifications (--notify URL): each reported event that matters to people, POSTed to every URL
// in one of three shapes, from a thread of its own so that a slow receiver never holds a round:
// - generic: Flux's event (involvedObject, severity, timestamp, message, reason, metadata
//   .revision), which Flux's receivers and most webhooks accept;
// - slack: an incoming-webhook message;
// - cloudevents: a CloudEvent 1.0 in structured mode whose data is the generic event.
// With a key, each request carries X-Signature: sha256=<hex HMAC of the body>, as Flux's
// generic-hmac provider sends. The same event is not sent twice within 5 minutes; a failed POST
// is tried again after 1, 2 and 4 seconds. Only http:// URLs (receivers next to the agent, or a
// relay) are supported.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "agent/round.hpp"

namespace gitops::agent {

enum class NotifyFormat { generic, slack, cloudevents };

// "generic", "slack", "cloudevents"; Error naming the flag for anything else.
NotifyFormat notify_format(const std::string& name);

struct NotifyOptions {
  std::vector<std::string> urls;
  NotifyFormat format = NotifyFormat::generic;
  std::string hmac_key;          // "": unsigned
  std::string record_namespace;  // the involved object's namespace
};

// Whether an event of this reason is sent at all: syncs, their failures, drift, rollbacks.
bool notifies(Reason reason);

// The body of one notification, and its content type.
std::pair<std::string, std::string> notification_body(const Event& event, NotifyFormat format,
                                                      const std::string& record_namespace,
                                                      const std::string& branch);

class Notifier {
 public:
  explicit Notifier(NotifyOptions options);
  ~Notifier();  // sends what is queued (bounded by the retries), then stops
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // Queues the event for every URL unless it is not one to send or was sent in the last 5 min.
  void send(const Event& event, const std::string& branch);

 private:
  struct Pending {
    std::string url, body, content_type;
  };
  void run();

  NotifyOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  std::map<std::string, std::chrono::steady_clock::time_point> sent_;  // key: app, reason, text
  bool stopping_ = false;
  std::thread thread_;
};

// POSTs `body` to an http:// or https:// URL (the server's certificate checked against the
// system's CAs, or SSL_CERT_FILE's, and its name); the status, or 0 when it could not be sent.
int post(const std::string& url, const std::string& body, const std::string& content_type,
         const std::string& signature);

}  // namespace gitops::agent
