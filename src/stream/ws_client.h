// WsClient: one WebSocket connection over TLS (RFC 6455 over TLS 1.2+), for the coroutines of one
// io_context thread. It honours the same egress options as net::HttpClient: the local bind
// address, an HTTP CONNECT proxy, an extra CA file; the peer's certificate and name are verified.
// Frames are bounded (max_message_bytes: a larger one fails the read and the connection closes);
// WebSocket ping frames from the server are answered by the client itself. Faults come back as
// Error values (kUnavailable), never as exceptions. URLs are named in errors by host only (a query
// may carry a token).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace baro::stream {

struct WsOptions {
  std::chrono::milliseconds connect_timeout{5000};  // TCP, proxy, TLS and WebSocket handshakes
  std::string ca_file;
  std::string bind_address;
  std::string proxy;  // "http://host:port"; empty: direct
  std::string user_agent = "baro/0.1";
  std::size_t max_message_bytes = 1 << 20;
};

// A wss:// URL taken apart: host, port (default 443) and the request target (path and query).
struct WsUrl {
  std::string host;
  std::uint16_t port = 443;
  std::string target = "/";
};
Result<WsUrl> ParseWsUrl(std::string_view url);

class WsClient {
 public:
  WsClient(boost::asio::io_context& ioc, WsOptions options);
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  // Opens a new connection (closing the previous one first).
  boost::asio::awaitable<Status> Connect(std::string_view url);
  // The next text frame.
  boost::asio::awaitable<Result<std::string>> Read();
  boost::asio::awaitable<Status> Write(std::string text);
  // Drops the connection at once; a read or write in flight fails. I/O thread only.
  void Close();
  bool is_open() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace baro::stream
