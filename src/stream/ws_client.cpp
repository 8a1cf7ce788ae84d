#include "stream/ws_client.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <optional>

#include "net/tcp_connect.h"
#include "net/url.h"

namespace baro::stream {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

using Socket = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

Error Unavailable(const std::string& what, const std::string& host, const error_code& ec) {
  return MakeError(ErrorCode::kUnavailable, what + " " + host + ": " + ec.message());
}

}  // namespace

Result<WsUrl> ParseWsUrl(std::string_view url) {
  constexpr std::string_view kScheme = "wss://";
  if (!url.starts_with(kScheme)) {
    return MakeError(ErrorCode::kInvalidInput, "stream URL must start with wss://");
  }
  std::string_view query;
  if (auto q = url.find('?'); q != std::string_view::npos) {
    query = url.substr(q + 1);
    url = url.substr(0, q);
  }
  auto parsed = net::ParseUrl("https://" + std::string(url.substr(kScheme.size())));
  if (!parsed) return parsed.error();
  WsUrl out;
  out.host = parsed->host;
  out.port = parsed->port;
  out.target = parsed->path.empty() ? "/" : parsed->path;
  if (!query.empty()) out.target += "?" + std::string(query);
  return out;
}

struct WsClient::Impl {
  asio::io_context& ioc;
  WsOptions options;
  ssl::context tls{ssl::context::tls_client};
  Status setup_status;
  std::optional<net::Url> proxy;
  std::unique_ptr<Socket> socket;
  beast::flat_buffer buffer;
  std::string host;  // of the open connection, for errors

  Impl(asio::io_context& io, WsOptions o) : ioc(io), options(std::move(o)) {
    tls.set_verify_mode(ssl::verify_peer);
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    error_code ec;
    tls.set_default_verify_paths(ec);
    if (!options.ca_file.empty()) {
      tls.load_verify_file(options.ca_file, ec);
      if (ec)
        setup_status = MakeError(ErrorCode::kInternal, "cannot load CA file: " + ec.message());
    }
    if (!options.proxy.empty()) {
      auto p = net::ParseUrl(options.proxy);
      if (p) {
        proxy = *p;
      } else {
        setup_status = MakeError(ErrorCode::kInternal, "bad proxy URL: " + p.error().message);
      }
    }
  }

  asio::awaitable<Status> Connect(std::string_view text) {
    Close();
    if (!setup_status.ok()) co_return setup_status;
    auto url = ParseWsUrl(text);
    if (!url) co_return url.error();
    host = url->host;
    const std::string host_port = net::Url{"https", url->host, url->port, ""}.HostPort();
    beast::tcp_stream tcp_stream(ioc);
    tcp_stream.expires_after(options.connect_timeout);
    // The same connect as every outbound HTTP call (net/tcp_connect.h): resolved on this thread,
    // bound to the egress address.
    error_code ec =
        proxy ? co_await net::ConnectTcp(tcp_stream, proxy->host, proxy->port, options.bind_address)
              : co_await net::ConnectTcp(tcp_stream, url->host, url->port, options.bind_address);
    if (ec) co_return Unavailable("cannot connect to", proxy ? proxy->host : host, ec);
    if (proxy) {
      http::request<http::empty_body> req{http::verb::connect, host_port, 11};
      req.set(http::field::host, host_port);
      co_await http::async_write(tcp_stream, req, asio::redirect_error(asio::use_awaitable, ec));
      http::response_parser<http::empty_body> parser;
      parser.skip(true);
      beast::flat_buffer proxy_buffer;
      if (!ec) {
        co_await http::async_read_header(tcp_stream, proxy_buffer, parser,
                                         asio::redirect_error(asio::use_awaitable, ec));
      }
      if (ec) co_return Unavailable("proxy failed for", host, ec);
      if (parser.get().result_int() != 200) {
        co_return MakeError(ErrorCode::kUnavailable, "proxy refused tunnel to " + host + ": HTTP " +
                                                         std::to_string(parser.get().result_int()));
      }
    }
    auto ws = std::make_unique<Socket>(std::move(tcp_stream), tls);
    auto& tls_stream = ws->next_layer();
    if (!net::IsIpLiteral(url->host) &&
        !SSL_set_tlsext_host_name(tls_stream.native_handle(), url->host.c_str())) {
      co_return MakeError(ErrorCode::kUnavailable, "cannot set TLS server name");
    }
    tls_stream.set_verify_callback(ssl::host_name_verification(url->host));
    beast::get_lowest_layer(*ws).expires_after(options.connect_timeout);
    co_await tls_stream.async_handshake(ssl::stream_base::client,
                                        asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return Unavailable("TLS handshake failed with", host, ec);
    beast::get_lowest_layer(*ws).expires_never();
    // The WebSocket layer keeps its own handshake deadline; no idle timeout here: silence is
    // judged by the connection (stream.silence_reconnect_ms).
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = options.connect_timeout;
    timeouts.idle_timeout = websocket::stream_base::none();
    timeouts.keep_alive_pings = false;
    ws->set_option(timeouts);
    const std::string agent = options.user_agent;
    ws->set_option(websocket::stream_base::decorator(
        [agent](websocket::request_type& req) { req.set(http::field::user_agent, agent); }));
    ws->read_message_max(options.max_message_bytes);
    co_await ws->async_handshake(host_port, url->target,
                                 asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return Unavailable("WebSocket handshake failed with", host, ec);
    ws->text(true);
    buffer.clear();
    socket = std::move(ws);
    co_return Status{};
  }

  void Close() {
    if (!socket) return;
    error_code ignored;
    beast::get_lowest_layer(*socket).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(*socket).socket().close(ignored);
  }
};

WsClient::WsClient(asio::io_context& ioc, WsOptions options)
    : impl_(std::make_unique<Impl>(ioc, std::move(options))) {}

WsClient::~WsClient() = default;

asio::awaitable<Status> WsClient::Connect(std::string_view url) {
  co_return co_await impl_->Connect(url);
}

asio::awaitable<Result<std::string>> WsClient::Read() {
  if (!impl_->socket) co_return MakeError(ErrorCode::kUnavailable, "stream not connected");
  error_code ec;
  impl_->buffer.clear();
  co_await impl_->socket->async_read(impl_->buffer, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return Unavailable("stream read failed from", impl_->host, ec);
  co_return beast::buffers_to_string(impl_->buffer.data());
}

asio::awaitable<Status> WsClient::Write(std::string text) {
  if (!impl_->socket) co_return MakeError(ErrorCode::kUnavailable, "stream not connected");
  error_code ec;
  co_await impl_->socket->async_write(asio::buffer(text),
                                      asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return Unavailable("stream write failed to", impl_->host, ec);
  co_return Status{};
}

void WsClient::Close() {
  impl_->Close();
}

bool WsClient::is_open() const {
  return impl_->socket && beast::get_lowest_layer(*impl_->socket).socket().is_open();
}

}  // namespace baro::stream
