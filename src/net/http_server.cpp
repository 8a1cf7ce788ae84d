#include "net/http_server.h"

#include <sys/socket.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/secret.h"
#include "metrics/metrics.h"

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
  // Declared before the I/O context: sessions still pending when it is destroyed release their
  // place under the caps as their frames go.
  std::mutex connections_mu;
  std::uint64_t open = 0;
  std::map<std::string, int> per_address;
  std::set<int> session_fds;  // sockets of live sessions, shut down by Stop()
  // The handler pool outlives the I/O context: operations still queued there may refer to it.
  std::optional<asio::thread_pool> handlers;
  asio::io_context ioc;
  std::optional<ssl::context> tls;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  std::atomic<bool> running{false};
  std::atomic<std::uint64_t> accepted{0}, refused{0}, accept_failures{0};

  static HttpResponse InternalError() {
    return HttpResponse::Json(500, R"({"error":{"code":"internal","message":"internal error"}})");
  }

  HttpResponse Handle(HttpRequest& request) {
    try {
      return handler(request);
    } catch (...) {
      return InternalError();
    }
  }

  void CountRefused(const char* reason) {
    if (options.metrics_name.empty()) return;
    static auto& family =
        metrics::Default().Counter("baro_http_connections_refused_total",
                                   "Connections closed at once: over a cap.", {"server", "reason"});
    family.With({options.metrics_name, reason}).Add();
  }
  void CountAcceptFailure() {
    if (options.metrics_name.empty()) return;
    static auto& family = metrics::Default().Counter(
        "baro_http_accept_failures_total", "accept() errors (EMFILE, ENFILE, ...).", {"server"});
    family.With({options.metrics_name}).Add();
  }

  // Counts a new connection from `remote`; false when a cap is reached.
  bool Admit(const std::string& remote) {
    std::lock_guard lock(connections_mu);
    if (open >= static_cast<std::uint64_t>(std::max(1, options.max_connections))) {
      CountRefused("max_connections");
      return false;
    }
    if (remote != options.uncapped_address) {
      auto it = per_address.find(remote);
      if (it != per_address.end() &&
          it->second >= std::max(1, options.max_connections_per_address)) {
        CountRefused("max_connections_per_address");
        return false;
      }
    }
    ++open;
    ++per_address[remote];
    return true;
  }

  void Release(const std::string& remote) {
    std::lock_guard lock(connections_mu);
    --open;
    if (auto it = per_address.find(remote); it != per_address.end() && --it->second <= 0) {
      per_address.erase(it);
    }
  }

  // Holds a connection's place under the caps for as long as its session lives.
  struct Admitted {
    Impl* impl;
    std::string remote;
    ~Admitted() { impl->Release(remote); }
  };
  // Lists a session's socket for Stop(); declared after the stream, so it is unlisted before the
  // socket closes.
  struct Listed {
    Impl* impl;
    int fd;
    Listed(Impl* i, int f) : impl(i), fd(f) {
      std::lock_guard lock(impl->connections_mu);
      impl->session_fds.insert(fd);
    }
    ~Listed() {
      std::lock_guard lock(impl->connections_mu);
      impl->session_fds.erase(fd);
    }
  };

  template <typename Stream>
  asio::awaitable<void> Serve(Stream& stream, std::string remote) {
    beast::flat_buffer buffer;
    error_code ec;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(options.max_body_bytes);
      // The whole header, from the wait for the request on, must arrive within the deadline: a
      // client sending it byte by byte cannot hold the connection longer.
      beast::get_lowest_layer(stream).expires_after(
          std::chrono::milliseconds(options.header_timeout_ms));
      co_await http::async_read_header(stream, buffer, parser,
                                       asio::redirect_error(asio::use_awaitable, ec));
      if (!ec && !parser.is_done()) {
        beast::get_lowest_layer(stream).expires_after(
            std::chrono::seconds(options.idle_timeout_seconds));
        co_await http::async_read(stream, buffer, parser,
                                  asio::redirect_error(asio::use_awaitable, ec));
      }
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
      // The handler may block (database, password hashing): it runs on the handler pool, and this
      // I/O thread goes on with other connections meanwhile, unless the server's handlers never
      // block (HttpServerOptions::handlers_on_io_threads).
      // (Not a conditional expression: g++ 12 miscompiles a co_await inside one.)
      HttpResponse response;
      if (options.handlers_on_io_threads) {
        response = Handle(request);
      } else {
        response = co_await asio::co_spawn(
            handlers->get_executor(),
            [this, &request]() -> asio::awaitable<HttpResponse> { co_return Handle(request); },
            asio::use_awaitable);
      }
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

  asio::awaitable<void> Session(tcp::socket socket, std::string remote) {
    error_code ec;
    Admitted admitted{this, remote};
    if (!tls) {
      beast::tcp_stream stream(std::move(socket));
      Listed listed(this, stream.socket().native_handle());
      co_await Serve(stream, remote);
      stream.socket().shutdown(tcp::socket::shutdown_send, ec);
      co_return;
    }
    beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *tls);
    Listed listed(this, beast::get_lowest_layer(stream).socket().native_handle());
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    co_await stream.async_handshake(ssl::stream_base::server,
                                    asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    co_await Serve(stream, remote);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
    co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
  }

  asio::awaitable<void> Accept() {
    asio::steady_timer pause(ioc);
    for (;;) {
      error_code ec;
      // Each connection on a strand of its own: the I/O threads run it one handler at a time. A
      // beast stream's timeout closes its socket from the timer's handler, which without the
      // strand could run on one I/O thread while the session closes the same socket on another
      // (https://www.boost.org/doc/libs/1_81_0/libs/beast/doc/html/beast/ref/boost__beast__basic_stream.html,
      // "Thread Safety").
      tcp::socket socket(asio::make_strand(ioc));
      co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (!running.load() || ec == asio::error::operation_aborted) co_return;
        accept_failures.fetch_add(1);
        CountAcceptFailure();
        if (ec == asio::error::no_descriptors || ec.value() == ENFILE ||
            ec == asio::error::no_buffer_space || ec == asio::error::no_memory) {
          // The listening socket stays readable while the connection waits in the backlog:
          // retrying at once would spin. Pause, then try again.
          pause.expires_after(std::chrono::milliseconds(options.accept_backoff_ms));
          co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
          if (!running.load()) co_return;
        }
        continue;
      }
      std::string remote = socket.remote_endpoint(ec).address().to_string();
      if (ec || !Admit(remote)) {
        refused.fetch_add(1);
        socket.close(ec);
        continue;
      }
      accepted.fetch_add(1);
      auto strand = socket.get_executor();
      asio::co_spawn(strand, Session(std::move(socket), std::move(remote)), asio::detached);
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
  impl_->handlers.emplace(static_cast<std::size_t>(std::max(1, o.handler_threads)));
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
  // Handlers in progress finish (their answers are written by the still running I/O threads);
  // then every connection is shut down, so that no client waits on a stopped server.
  impl_->handlers->join();
  {
    std::lock_guard lock(impl_->connections_mu);
    for (int fd : impl_->session_fds) ::shutdown(fd, SHUT_RDWR);
  }
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

HttpServerStats HttpServer::stats() const {
  HttpServerStats s;
  s.accepted = impl_->accepted.load();
  s.refused = impl_->refused.load();
  s.accept_failures = impl_->accept_failures.load();
  std::lock_guard lock(impl_->connections_mu);
  s.open = impl_->open;
  return s;
}

std::string HttpServer::BaseUrl() const {
  std::string host = impl_->options.address;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return std::string(tls() ? "https" : "http") + "://" + host + ":" + std::to_string(impl_->port);
}

}  // namespace baro::net
