// HttpClient: a blocking HTTP/1.1 client with TLS verification, timeouts and keep-alive connection
// reuse per host. One instance per thread (it is not thread-safe); connections are kept per
// scheme+host+port and reused while the peer keeps them open and for at most `idle_timeout` idle.
// A client starts no thread of its own: host names are resolved on the calling thread
// (getaddrinfo, whose answers the system's resolver caches), IP literals are not resolved at all.
//
// Network faults, timeouts and TLS failures come back as Error values (kUnavailable), never as
// exceptions. Non-2xx statuses are not errors at this layer: callers read them from the response.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/result.h"
#include "net/http_message.h"
#include "net/url.h"

namespace baro::net {

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{10000};  // whole exchange, per request
  // Extra CA bundle (PEM) trusted besides the system store: for tests and TLS-inspecting proxies.
  std::string ca_file;
  // Local address to send from (the fixed egress address users allow-list); empty: any.
  std::string bind_address;
  // HTTP CONNECT proxy for https targets ("http://host:port"); empty: direct.
  std::string proxy;
  std::string user_agent = "baro/0.1";
  std::size_t max_response_bytes = 8 * 1024 * 1024;
  // A kept-alive connection idle longer than this is closed (at the client's next use, or by
  // CloseIdle) instead of being reused.
  std::chrono::milliseconds idle_timeout{30000};
};

class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request` to `base` (its path prefix is prepended to request.target). A per-call
  // timeout overrides the default (e.g. Telegram long polling).
  Result<HttpResponse> Send(const Url& base, const HttpRequest& request,
                            std::optional<std::chrono::milliseconds> timeout = std::nullopt);

  // Ends the request in flight at once (kUnavailable, "cancelled") and every later one: for a
  // shutdown that must not wait out a long poll. Safe to call from any thread.
  void Cancel();

  // Closes the kept-alive connections idle longer than options().idle_timeout. Not while a
  // request of this client is in flight (the client is not thread-safe).
  void CloseIdle();

  const HttpClientOptions& options() const;
  std::size_t connections_opened() const;  // for tests and metrics: how many TCP connects so far
  std::size_t idle_connections() const;    // kept-alive connections waiting for reuse

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace baro::net
