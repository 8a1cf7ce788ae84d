// HttpServer: an HTTP/1.1 server (optionally TLS) with keep-alive, running a synchronous handler on
// a small pool of threads. Used by the API process and, in tests, by the fake exchanges, Telegram
// and KMS. Bind port 0 to get a free port.
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
  int idle_timeout_seconds = 60;
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

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace baro::net
