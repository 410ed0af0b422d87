#include "kube/api_proxy.hpp"

#include <atomic>
#include <cstdlib>
#include <functional>
#include <limits>
#include <memory>
#include <system_error>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "error.hpp"
#include "kube/api_requests.hpp"
#include "util/temp_dir.hpp"
#include "util/text.hpp"

namespace gitops::kube {

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using Socket = asio::local::stream_protocol::socket;

constexpr const char* kStartingToServe = "Starting to serve on ";
// sockaddr_un holds 108 bytes.
constexpr std::size_t kSocketPathLimit = 100;
constexpr int kRetries = 3;
constexpr int kMaxRetryAfter = 10;  // seconds

// A socket's path must fit sockaddr_un: under a long $TMPDIR the folder goes to /tmp instead.
// kubectl proxy's own filter, by method only: it cannot see a query's dryRun, which send_all
// checks for a dry-run proxy.
std::string rejected_methods(Access access) {
  switch (access) {
    case Access::read_only:
      return "--reject-methods=^(POST|PUT|PATCH|DELETE)$";
    case Access::dry_run:
      return "--reject-methods=^(POST|PUT|DELETE)$";
    case Access::read_write:
      break;
  }
  return "--reject-methods=^$";
}

std::filesystem::path socket_root() {
  auto root = std::filesystem::temp_directory_path();
  return root.string().size() + 40 > kSocketPathLimit ? "/tmp" : root;
}

// One connection to the proxy, kept alive from one request to the next.
class Connection {
 public:
  Connection(asio::io_context& io, const std::filesystem::path& socket)
      : socket_(io), path_(socket) {}

  // Sends `request` and calls `done` with the response, or with an error when there is none.
  void send(const HttpRequest& request,
            std::function<void(const boost::system::error_code&, HttpResponse)> done) {
    done_ = std::move(done);
    request_ = {http::string_to_verb(request.method), request.target, 11};
    request_.set(http::field::host, "localhost");
    request_.set(http::field::accept, request.accept);
    if (!request.content_type.empty())
      request_.set(http::field::content_type, request.content_type);
    request_.body() = request.body;
    request_.prepare_payload();
    if (socket_.is_open()) {
      write();
      return;
    }
    socket_.async_connect(asio::local::stream_protocol::endpoint(path_.string()),
                          [this](const boost::system::error_code& error) {
                            if (error)
                              return finish(error);
                            write();
                          });
  }

 private:
  void write() {
    http::async_write(
        socket_, request_, [this](const boost::system::error_code& error, std::size_t) {
          if (error)
            return finish(error);
          parser_.emplace();
          parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
          http::async_read(
              socket_, buffer_, *parser_,
              [this](const boost::system::error_code& error, std::size_t) { finish(error); });
        });
  }

  void finish(const boost::system::error_code& error) {
    HttpResponse response;
    if (!error) {
      auto& message = parser_->get();
      response.status = static_cast<int>(message.result_int());
      response.content_type = std::string(message[http::field::content_type]);
      response.retry_after = std::atoi(std::string(message[http::field::retry_after]).c_str());
      response.body = std::move(message.body());
      if (!message.keep_alive()) {
        boost::system::error_code ignored;
        socket_.close(ignored);
      }
    } else {
      boost::system::error_code ignored;
      socket_.close(ignored);
    }
    auto done = std::move(done_);
    done(error, std::move(response));
  }

  Socket socket_;
  std::filesystem::path path_;
  http::request<http::string_body> request_;
  boost::beast::flat_buffer buffer_;
  std::optional<http::response_parser<http::string_body>> parser_;
  std::function<void(const boost::system::error_code&, HttpResponse)> done_;
};

}  // namespace

ApiProxy::ApiProxy(const Kubectl& kubectl, Access access)
    : kubectl_(kubectl),
      access_(access),
      folder_("kubectl-gitops", socket_root()),
      proxy_(kubectl_.start({{"proxy", "--unix-socket=" + (folder_.path() / "api.sock").string(),
                              rejected_methods(access)},
                             ""})) {}

std::filesystem::path ApiProxy::socket() {
  std::call_once(started_, [&] {
    try {
      const auto line = proxy_.first_line("cannot start 'kubectl proxy'");
      if (line.rfind(kStartingToServe, 0) != 0)
        throw Error("cannot start 'kubectl proxy': it said " + quoted(line));
    } catch (...) {
      start_failure_ = std::current_exception();  // every later read fails at once, the same way
    }
  });
  if (start_failure_)
    std::rethrow_exception(start_failure_);
  return folder_.path() / "api.sock";
}

std::vector<HttpResponse> ApiProxy::send_all(const std::vector<HttpRequest>& requests,
                                             int concurrency, const Progress& progress) {
  if (access_ == Access::dry_run) {
    for (const auto& request : requests) {
      const auto query = request.target.find('?');
      if (request.method != "GET" && request.method != "HEAD" &&
          (query == std::string::npos ||
           request.target.find(kDryRunAll, query) == std::string::npos))
        throw Error("refused to send " + request.method + " " + request.target +
                    ": this run writes nothing but dry runs");
    }
  }
  auto responses = fetch(requests, concurrency, progress);
  // A server that sheds load (API priority and fairness: 429, or 503) says when to come back, and
  // client-go would have come back: so does this, a few times. Every request the library makes
  // is safe to repeat (reads, server-side apply, deletes, and writes guarded by a version).
  for (int attempt = 0; attempt < kRetries; ++attempt) {
    std::vector<std::size_t> throttled;
    std::vector<HttpRequest> again;
    int wait = 1;
    for (std::size_t i = 0; i < responses.size(); ++i) {
      if (responses[i].status == 429 || responses[i].status == 503) {
        throttled.push_back(i);
        again.push_back(requests[i]);
        wait = std::max(wait, std::min(responses[i].retry_after, kMaxRetryAfter));
      }
    }
    if (throttled.empty())
      break;
    std::this_thread::sleep_for(std::chrono::seconds(wait));
    auto retried = fetch(again, concurrency, {});
    for (std::size_t i = 0; i < throttled.size(); ++i)
      responses[throttled[i]] = std::move(retried[i]);
  }
  return responses;
}

std::vector<HttpResponse> ApiProxy::fetch(const std::vector<HttpRequest>& requests, int concurrency,
                                          const Progress& progress) {
  std::vector<HttpResponse> responses(requests.size());
  if (requests.empty())
    return responses;
  const auto socket_path = socket();
  const auto& log = kubectl_.options().log;

  asio::io_context io;
  std::vector<std::unique_ptr<Connection>> connections;
  std::size_t next = 0;
  std::size_t answered = 0;
  std::optional<std::string> failure;
  auto describe = [&](std::size_t index) {
    return requests[index].method + " " + requests[index].target;
  };
  std::function<void(Connection&)> send_next = [&](Connection& connection) {
    if (next == requests.size() || failure)
      return;
    const auto index = next++;
    if (log)
      log(describe(index));
    connection.send(requests[index],
                    [&, index](const boost::system::error_code& error, HttpResponse response) {
                      if (error) {
                        // A proxy that died says why better than the socket does.
                        const auto exited = proxy_.exit_reason();
                        failure = "cannot " + describe(index) + " through 'kubectl proxy': " +
                                  (exited ? "it exited: " + *exited : error.message());
                        io.stop();
                        return;
                      }
                      responses[index] = std::move(response);
                      if (progress)
                        progress(++answered);
                      send_next(connection);
                    });
  };
  const auto width = std::min<std::size_t>(std::max(concurrency, 1), requests.size());
  for (std::size_t i = 0; i < width; ++i) {
    connections.push_back(std::make_unique<Connection>(io, socket_path));
    send_next(*connections.back());
  }
  // Each connection sends its requests one after another, each bounded by the call bound.
  const auto rounds = (requests.size() + width - 1) / width;
  io.run_for(kubectl_.options().timeout * static_cast<long>(rounds));
  if (failure)
    throw Error(*failure);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (responses[i].status == 0) {
      throw Error("kubectl proxy did not answer within " +
                      std::to_string(kubectl_.options().timeout.count()) + "s: " + describe(i),
                  ErrorKind::unreachable);
    }
  }
  return responses;
}

}  // namespace gitops::kube
