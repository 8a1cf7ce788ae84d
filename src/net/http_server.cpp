#include "net/http_server.h"

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <future>
#include <thread>

#include "core/secret.h"

namespace baro::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

struct HttpServer::Impl {
  HttpServerOptions options;
  HttpHandler handler;
  asio::io_context ioc;
  std::optional<ssl::context> tls;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  std::atomic<bool> running{false};

  HttpResponse Handle(HttpRequest& request) {
    try {
      return handler(request);
    } catch (const std::exception&) {
      return HttpResponse::Json(500, R"({"error":{"code":"internal","message":"internal error"}})");
    }
  }

  template <typename Stream>
  asio::awaitable<void> Serve(Stream& stream, std::string remote) {
    beast::flat_buffer buffer;
    error_code ec;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(options.max_body_bytes);
      beast::get_lowest_layer(stream).expires_after(
          std::chrono::seconds(options.idle_timeout_seconds));
      co_await http::async_read(stream, buffer, parser,
                                asio::redirect_error(asio::use_awaitable, ec));
      if (ec == http::error::body_limit) {
        http::response<http::string_body> res{http::status::payload_too_large, 11};
        res.set(http::field::content_type, "application/json");
        res.body() = R"({"error":{"code":"invalid_input","message":"request body too large"}})";
        res.keep_alive(false);
        res.prepare_payload();
        co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
        break;
      }
      if (ec) break;
      auto& req = parser.get();
      HttpRequest request;
      request.method = std::string(req.method_string());
      request.target = std::string(req.target());
      for (const auto& field : req) {
        request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      }
      request.body = std::move(req.body());
      request.remote_address = remote;
      const bool keep_alive = req.keep_alive();
      const unsigned version = req.version();
      beast::get_lowest_layer(stream).expires_never();
      HttpResponse response = Handle(request);
      // Request bodies may carry secrets (passwords, API keys): wipe them once handled.
      SecureZero(request.body);
      http::response<http::string_body> res{static_cast<http::status>(response.status), version};
      for (auto& [k, v] : response.headers) res.set(k, v);
      res.body() = std::move(response.body);
      res.keep_alive(keep_alive && running.load());
      res.prepare_payload();
      beast::get_lowest_layer(stream).expires_after(
          std::chrono::seconds(options.idle_timeout_seconds));
      co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
      if (ec || !res.keep_alive()) break;
    }
  }

  asio::awaitable<void> Session(tcp::socket socket) {
    error_code ec;
    std::string remote = socket.remote_endpoint(ec).address().to_string();
    if (!tls) {
      beast::tcp_stream stream(std::move(socket));
      co_await Serve(stream, remote);
      stream.socket().shutdown(tcp::socket::shutdown_send, ec);
      co_return;
    }
    beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *tls);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    co_await stream.async_handshake(ssl::stream_base::server,
                                    asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    co_await Serve(stream, remote);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
    co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
  }

  asio::awaitable<void> Accept() {
    for (;;) {
      error_code ec;
      tcp::socket socket(ioc);
      co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (!running.load() || ec == asio::error::operation_aborted) co_return;
        continue;
      }
      asio::co_spawn(ioc, Session(std::move(socket)), asio::detached);
    }
  }
};

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
}

HttpServer::~HttpServer() {
  Stop();
}

Status HttpServer::Start() {
  auto& o = impl_->options;
  error_code ec;
  if (!o.tls_cert_file.empty() || !o.tls_key_file.empty()) {
    impl_->tls.emplace(ssl::context::tls_server);
    impl_->tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                            ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                            ssl::context::no_tlsv1_1);
    impl_->tls->use_certificate_chain_file(o.tls_cert_file, ec);
    if (!ec) impl_->tls->use_private_key_file(o.tls_key_file, ssl::context::pem, ec);
    if (ec)
      return MakeError(ErrorCode::kInternal, "cannot load TLS certificate or key: " + ec.message());
  }
  auto address = asio::ip::make_address(o.address, ec);
  if (ec) return MakeError(ErrorCode::kInvalidInput, "bad listen address: " + o.address);
  tcp::endpoint endpoint(address, o.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return MakeError(ErrorCode::kUnavailable, "cannot listen on " + o.address + ":" +
                                                  std::to_string(o.port) + ": " + ec.message());
  }
  impl_->port = acceptor.local_endpoint().port();
  impl_->running = true;
  asio::co_spawn(impl_->ioc, impl_->Accept(), asio::detached);
  for (int i = 0; i < std::max(1, o.threads); ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
  return {};
}

void HttpServer::Stop() {
  if (!impl_ || !impl_->running.exchange(false)) return;
  // Close the listening socket on the I/O threads and wait for it, so that no connection is
  // accepted into the backlog after Stop() returns.
  std::promise<void> closed;
  asio::post(impl_->ioc, [this, &closed] {
    error_code ignored;
    impl_->acceptor.close(ignored);
    closed.set_value();
  });
  closed.get_future().wait();
  impl_->ioc.stop();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  impl_->threads.clear();
}

std::uint16_t HttpServer::port() const {
  return impl_->port;
}
bool HttpServer::tls() const {
  return impl_->tls.has_value();
}

std::string HttpServer::BaseUrl() const {
  std::string host = impl_->options.address;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return std::string(tls() ? "https" : "http") + "://" + host + ":" + std::to_string(impl_->port);
}

}  // namespace baro::net
