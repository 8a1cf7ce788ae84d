// HttpServer: an HTTP/1.1 server (optionally TLS) with keep-alive. A few I/O threads read and
// write; the synchronous handler runs on a separate pool (handler_threads), so slow handlers never
// hold up reading other connections. Used by the API process and, in tests, by the fake exchanges,
// Telegram and KMS. Bind port 0 to get a free port.
//
// Bounded against misbehaving clients: at most max_connections open connections and
// max_connections_per_address from one address (further ones are closed at once); a request's
// headers must arrive within header_timeout_ms (slow senders are dropped); when the process runs
// out of descriptors (EMFILE/ENFILE) the accept loop pauses accept_backoff_ms instead of spinning.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "net/http_message.h"

namespace baro::net {

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;
  int threads = 4;
  std::string tls_cert_file;  // PEM; both set: serve HTTPS
  std::string tls_key_file;
  std::size_t max_body_bytes = 1024 * 1024;
  int idle_timeout_seconds = 60;  // body read and response write
  int handler_threads = 4;
  // Run the handler on the I/O thread that read the request, without the hand-over to the
  // handler pool and back: only for handlers that never block (the loopback venue fakes of a
  // load driver). The API's handlers block on the database, so it leaves this off.
  bool handlers_on_io_threads = false;
  int max_connections = 512;
  int max_connections_per_address = 32;
  // Exempt from the per-address cap (a reverse proxy carries many users' connections).
  std::string uncapped_address;
  std::int64_t header_timeout_ms = 10000;  // from the wait for a request to its last header byte
  std::int64_t accept_backoff_ms = 100;
  // Name in the process's metrics (baro_http_connections_refused_total{server,reason},
  // baro_http_accept_failures_total{server}); empty: not counted there.
  std::string metrics_name;
};

struct HttpServerStats {
  std::uint64_t accepted = 0;
  std::uint64_t refused = 0;          // closed at once: over a connection cap
  std::uint64_t accept_failures = 0;  // accept() errors (EMFILE, ENFILE, ...)
  std::uint64_t open = 0;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler);
  ~HttpServer();  // stops
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  Status Start();  // binds and starts serving on background threads
  void Stop();     // stops accepting, closes connections, joins threads
  std::uint16_t port() const;
  bool tls() const;
  std::string BaseUrl() const;  // "http://127.0.0.1:PORT" or https
  HttpServerStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace baro::net
