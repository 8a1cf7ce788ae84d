#include "net/http_client.h"

#include <openssl/ssl.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <map>
#include <mutex>
#include <variant>

#include "net/tcp_connect.h"

namespace baro::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

struct Connection {
  std::variant<std::unique_ptr<PlainStream>, std::unique_ptr<TlsStream>> stream;
  beast::flat_buffer buffer;
  std::chrono::steady_clock::time_point idle_since;
  beast::tcp_stream& Lowest() {
    if (auto* p = std::get_if<0>(&stream)) return **p;
    return beast::get_lowest_layer(*std::get<1>(stream));
  }
};

Error Unavailable(const std::string& what, const Url& url, const error_code& ec) {
  // Only the host is named: a target may carry a signed query string.
  return MakeError(ErrorCode::kUnavailable, what + " " + url.HostPort() + ": " + ec.message());
}

// One TLS client context per CA file, shared by every client of the process: a context holds the
// parsed CA store (about a megabyte with the system's), and once set up it may serve many
// connections on many threads at once
// (https://www.openssl.org/docs/man3.0/man7/openssl-threads.html). Only as many contexts as
// distinct CA files are kept; a context goes when its last client does.
Result<std::shared_ptr<ssl::context>> SharedTlsContext(const std::string& ca_file) {
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<ssl::context>> contexts;
  std::lock_guard lock(mu);
  if (auto existing = contexts[ca_file].lock()) return existing;
  auto tls = std::make_shared<ssl::context>(ssl::context::tls_client);
  tls->set_verify_mode(ssl::verify_peer);
  tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  error_code ec;
  tls->set_default_verify_paths(ec);
  if (!ca_file.empty()) {
    tls->load_verify_file(ca_file, ec);
    if (ec) return MakeError(ErrorCode::kInternal, "cannot load CA file: " + ec.message());
  }
  contexts[ca_file] = tls;
  return tls;
}

}  // namespace

struct HttpClient::Impl {
  HttpClientOptions options;
  asio::io_context ioc{1};
  std::shared_ptr<ssl::context> tls;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle;
  std::optional<Url> proxy;
  std::size_t connects = 0;
  Status setup_status;
  std::atomic<bool> cancelled{false};
  Connection* active = nullptr;  // the connection of the request in flight (I/O thread only)

  void CloseActive() {
    if (active == nullptr) return;
    error_code ignored;
    active->Lowest().socket().close(ignored);
  }

  void CloseIdle() {
    const auto oldest = std::chrono::steady_clock::now() - options.idle_timeout;
    for (auto it = idle.begin(); it != idle.end();) {
      auto& pool = it->second;
      // Destroying a stream closes its socket (without a TLS close_notify: the peer sees the
      // connection end, as when it times out idle connections itself).
      std::erase_if(pool,
                    [&](const std::unique_ptr<Connection>& c) { return c->idle_since < oldest; });
      it = pool.empty() ? idle.erase(it) : std::next(it);
    }
  }

  explicit Impl(HttpClientOptions o) : options(std::move(o)) {
    // A timer brings up the I/O context's reactor (its epoll, timer and wake-up descriptors)
    // now rather than at the first request, so that a client holds what it will hold from the
    // moment it is made.
    asio::steady_timer reactor_now(ioc);
    auto shared = SharedTlsContext(options.ca_file);
    if (shared) {
      tls = std::move(*shared);
    } else {
      setup_status = shared.error();
    }
    if (!options.proxy.empty()) {
      auto p = ParseUrl(options.proxy);
      if (p) {
        proxy = *p;
      } else {
        setup_status = MakeError(ErrorCode::kInternal, "bad proxy URL: " + p.error().message);
      }
    }
  }

  asio::awaitable<error_code> ConnectTcp(beast::tcp_stream& stream, const std::string& host,
                                         std::uint16_t port) {
    error_code ec = co_await net::ConnectTcp(stream, host, port, options.bind_address);
    if (!ec) ++connects;
    co_return ec;
  }

  // Opens a TCP (and TLS) connection to `url`, through the CONNECT proxy when one is set.
  asio::awaitable<Result<std::unique_ptr<Connection>>> Open(const Url& url) {
    auto conn = std::make_unique<Connection>();
    auto tcp_stream = std::make_unique<PlainStream>(ioc);
    tcp_stream->expires_after(options.connect_timeout);
    const bool tunnel = proxy.has_value() && url.tls();
    error_code ec = tunnel ? co_await ConnectTcp(*tcp_stream, proxy->host, proxy->port)
                           : co_await ConnectTcp(*tcp_stream, url.host, url.port);
    if (ec) co_return Unavailable("cannot connect to", tunnel ? *proxy : url, ec);
    if (tunnel) {
      http::request<http::empty_body> req{http::verb::connect, url.HostPort(), 11};
      req.set(http::field::host, url.HostPort());
      co_await http::async_write(*tcp_stream, req, asio::redirect_error(asio::use_awaitable, ec));
      http::response_parser<http::empty_body> parser;
      parser.skip(true);
      if (!ec) {
        co_await http::async_read_header(*tcp_stream, conn->buffer, parser,
                                         asio::redirect_error(asio::use_awaitable, ec));
      }
      if (ec) co_return Unavailable("proxy failed for", url, ec);
      if (parser.get().result_int() != 200) {
        co_return MakeError(ErrorCode::kUnavailable, "proxy refused tunnel to " + url.HostPort() +
                                                         ": HTTP " +
                                                         std::to_string(parser.get().result_int()));
      }
    }
    if (!url.tls()) {
      conn->stream = std::move(tcp_stream);
      co_return conn;
    }
    auto tls_stream = std::make_unique<TlsStream>(std::move(*tcp_stream), *tls);
    if (!net::IsIpLiteral(url.host) &&
        !SSL_set_tlsext_host_name(tls_stream->native_handle(), url.host.c_str())) {
      co_return MakeError(ErrorCode::kUnavailable, "cannot set TLS server name");
    }
    tls_stream->set_verify_callback(ssl::host_name_verification(url.host));
    beast::get_lowest_layer(*tls_stream).expires_after(options.connect_timeout);
    co_await tls_stream->async_handshake(ssl::stream_base::client,
                                         asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return Unavailable("TLS handshake failed with", url, ec);
    conn->stream = std::move(tls_stream);
    co_return conn;
  }

  template <typename Stream>
  asio::awaitable<error_code> Exchange(Stream& stream, beast::flat_buffer& buffer,
                                       http::request<http::string_body>& req,
                                       http::response<http::string_body>& out) {
    error_code ec;
    co_await http::async_write(stream, req, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return ec;
    http::response_parser<http::string_body> parser;
    parser.body_limit(options.max_response_bytes);
    parser.header_limit(64 * 1024);
    co_await http::async_read(stream, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return ec;
    out = parser.release();
    co_return error_code{};
  }

  asio::awaitable<Result<HttpResponse>> Run(const Url& base, const HttpRequest& request,
                                            std::chrono::milliseconds timeout) {
    const std::string key = base.scheme + "://" + base.HostPort();
    http::request<http::string_body> req;
    req.method_string(request.method);
    std::string target = base.path + request.target;
    if (proxy && !base.tls()) target = base.scheme + "://" + base.HostPort() + target;
    req.target(target);
    req.version(11);
    req.set(http::field::host, base.HostPort());
    req.set(http::field::user_agent, options.user_agent);
    for (const auto& [k, v] : request.headers) req.set(k, v);
    req.body() = request.body;
    req.keep_alive(true);
    req.prepare_payload();

    for (int attempt = 0; attempt < 2; ++attempt) {
      std::unique_ptr<Connection> conn;
      bool reused = false;
      CloseIdle();
      auto& pool = idle[key];
      if (!pool.empty()) {
        conn = std::move(pool.back());
        pool.pop_back();
        reused = true;
      } else {
        auto opened = co_await Open(proxy && !base.tls() ? *proxy : base);
        if (!opened) co_return opened.error();
        conn = std::move(*opened);
      }
      conn->Lowest().expires_after(timeout);
      http::response<http::string_body> res;
      error_code ec;
      active = conn.get();
      if (cancelled.load()) CloseActive();  // Cancel() came before the connection was known
      if (auto* p = std::get_if<0>(&conn->stream)) {
        ec = co_await Exchange(**p, conn->buffer, req, res);
      } else {
        ec = co_await Exchange(*std::get<1>(conn->stream), conn->buffer, req, res);
      }
      active = nullptr;
      if (cancelled.load()) co_return MakeError(ErrorCode::kUnavailable, "request cancelled");
      if (ec) {
        // A kept-alive connection the peer closed meanwhile: retry once on a fresh one.
        if (reused && (ec == http::error::end_of_stream || ec == asio::error::eof ||
                       ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
                       ec == ssl::error::stream_truncated)) {
          continue;
        }
        if (ec == beast::error::timeout) {
          co_return MakeError(ErrorCode::kUnavailable, "timed out talking to " + base.HostPort());
        }
        if (ec == http::error::body_limit) {
          co_return MakeError(ErrorCode::kBadResponse,
                              "response too large from " + base.HostPort());
        }
        co_return Unavailable("request failed to", base, ec);
      }
      HttpResponse out;
      out.status = static_cast<int>(res.result_int());
      for (const auto& field : res) {
        out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      }
      out.body = std::move(res.body());
      if (res.keep_alive()) {
        conn->idle_since = std::chrono::steady_clock::now();
        idle[key].push_back(std::move(conn));
      }
      co_return out;
    }
    co_return MakeError(ErrorCode::kUnavailable, "connection closed by " + base.HostPort());
  }
};

HttpClient::HttpClient(HttpClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
HttpClient::~HttpClient() = default;

const HttpClientOptions& HttpClient::options() const {
  return impl_->options;
}
void HttpClient::Cancel() {
  impl_->cancelled = true;
  // Runs on the thread inside Send (or at the start of the next one): sockets are closed only
  // where they are used.
  asio::post(impl_->ioc, [impl = impl_.get()] { impl->CloseActive(); });
}

std::size_t HttpClient::connections_opened() const {
  return impl_->connects;
}

void HttpClient::CloseIdle() {
  impl_->CloseIdle();
}

std::size_t HttpClient::idle_connections() const {
  std::size_t n = 0;
  for (const auto& [key, pool] : impl_->idle) n += pool.size();
  return n;
}

namespace {

// CR, LF and NUL end or split a line of the request head; a field value never holds them
// (https://www.rfc-editor.org/rfc/rfc9110#section-5.5), nor does a field name (a token) or the
// request target. Refusing them here keeps any caller from adding a header or a request by
// smuggling a line break into a value. The error names the header, never its value.
bool HasLineBreakOrNul(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

Status CheckRequestHead(const HttpRequest& request) {
  if (HasLineBreakOrNul(request.method) || HasLineBreakOrNul(request.target)) {
    return MakeError(ErrorCode::kInvalidInput,
                     "refusing to send: the request line holds CR, LF or NUL");
  }
  for (const auto& [name, value] : request.headers) {
    if (name.empty() || HasLineBreakOrNul(name) ||
        name.find_first_of(" :\t") != std::string::npos) {
      return MakeError(ErrorCode::kInvalidInput,
                       "refusing to send: a header name is empty or holds CR, LF, NUL, a space or "
                       "a colon");
    }
    if (HasLineBreakOrNul(value)) {
      return MakeError(ErrorCode::kInvalidInput,
                       "refusing to send: the value of header " + name + " holds CR, LF or NUL");
    }
  }
  return {};
}

}  // namespace

Result<HttpResponse> HttpClient::Send(const Url& base, const HttpRequest& request,
                                      std::optional<std::chrono::milliseconds> timeout) {
  if (!impl_->setup_status) return impl_->setup_status.error();
  if (auto st = CheckRequestHead(request); !st) return st.error();
  if (impl_->cancelled.load()) return MakeError(ErrorCode::kUnavailable, "request cancelled");
  std::optional<Result<HttpResponse>> result;
  auto run = [](Impl* impl, const Url& b, const HttpRequest& r, std::chrono::milliseconds t,
                std::optional<Result<HttpResponse>>* out) -> asio::awaitable<void> {
    out->emplace(co_await impl->Run(b, r, t));
  };
  asio::co_spawn(
      impl_->ioc,
      run(impl_.get(), base, request, timeout.value_or(impl_->options.request_timeout), &result),
      [&](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          result.emplace(MakeError(ErrorCode::kUnavailable, ex.what()));
        }
      });
  impl_->ioc.restart();
  impl_->ioc.run();
  if (!result) return MakeError(ErrorCode::kInternal, "request did not complete");
  return std::move(*result);
}

}  // namespace baro::net
