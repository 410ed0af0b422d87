#include "agent/http_server.hpp"

#include <thread>

#include <sys/socket.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "error.hpp"

namespace gitops::agent {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;

struct HttpServer::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  HttpHandler handler;
  std::thread thread;

  void accept() {
    acceptor.async_accept([this](boost::system::error_code error, tcp::socket socket) {
      if (error)
        return;  // closed: stopping
      serve(std::move(socket));
      accept();
    });
  }

  void serve(tcp::socket socket) {
    const timeval bound{10, 0};  // a client that stops sending does not hold the server
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound);
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &bound, sizeof bound);
    boost::beast::flat_buffer buffer;
    http::request_parser<http::string_body> parser;
    parser.body_limit(1 << 20);
    boost::system::error_code error;
    http::read(socket, buffer, parser, error);
    HttpReply reply;
    if (error) {
      reply = {400, "text/plain; charset=utf-8", "bad request: " + error.message() + "\n"};
    } else {
      const auto& request = parser.get();
      HttpCall call{
          std::string(request.method_string()), std::string(request.target()), {}, request.body()};
      for (const auto& field : request) {
        std::string name(field.name_string());
        for (auto& c : name)
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        call.headers[name] = std::string(field.value());
      }
      try {
        reply = handler(call);
      } catch (const std::exception& failure) {
        reply = {500, "text/plain; charset=utf-8", std::string(failure.what()) + "\n"};
      }
    }
    http::response<http::string_body> response{static_cast<http::status>(reply.status), 11};
    response.set(http::field::content_type, reply.content_type);
    response.set(http::field::connection, "close");
    response.body() = std::move(reply.body);
    response.prepare_payload();
    http::write(socket, response, error);
    socket.shutdown(tcp::socket::shutdown_both, error);
  }
};

HttpServer::HttpServer(const std::string& address, HttpHandler handler)
    : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  const auto colon = address.rfind(':');
  const std::string host = colon == std::string::npos ? "" : address.substr(0, colon);
  const std::string port = colon == std::string::npos ? address : address.substr(colon + 1);
  try {
    const auto at = asio::ip::make_address(host.empty() ? "0.0.0.0" : host);
    const tcp::endpoint endpoint(at, static_cast<unsigned short>(std::stoi(port)));
    impl_->acceptor.open(endpoint.protocol());
    impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
    impl_->acceptor.bind(endpoint);
    impl_->acceptor.listen();
  } catch (const std::exception& failure) {
    throw Error("cannot listen on " + quoted(address) + ": " + failure.what());
  }
  impl_->accept();
  impl_->thread = std::thread([this] { impl_->io.run(); });
}

HttpServer::~HttpServer() {
  asio::post(impl_->io, [this] {
    boost::system::error_code ignored;
    impl_->acceptor.close(ignored);
  });
  impl_->io.stop();
  if (impl_->thread.joinable())
    impl_->thread.join();
}

int HttpServer::port() const {
  return impl_->acceptor.local_endpoint().port();
}

}  // namespace gitops::agent
