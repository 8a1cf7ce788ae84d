// A relay between a process under test and a fake: requests go through unchanged, but while
// holding, a request whose target or body contains a given piece is kept waiting, either before it
// reaches the fake (the process is "in the middle of a read") or after the fake has answered (the
// peer has accepted it and the answer is not back yet). The test kills the process meanwhile. The
// fakes themselves stay the reference for the wire format.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

#include "net/http_client.h"
#include "net/http_server.h"

namespace baro::testing {

class HoldingRelay {
 public:
  enum class When { kBeforeForwarding, kAfterForwarding };

  explicit HoldingRelay(const std::string& target)
      : target_(*net::ParseUrl(target)),
        server_({.threads = 2, .handler_threads = 8},
                [this](const net::HttpRequest& r) { return Relay(r); }) {}
  ~HoldingRelay() {
    Release();
    server_.Stop();
  }

  bool Start() { return server_.Start().ok(); }
  std::string BaseUrl() const { return server_.BaseUrl(); }

  // From now on, requests whose target or body contains `piece` are held (`when`) until
  // Release().
  void Hold(std::string piece, When when) {
    std::lock_guard lock(mu_);
    piece_ = std::move(piece);
    when_ = when;
    holding_ = true;
  }
  void Release() {
    {
      std::lock_guard lock(mu_);
      holding_ = false;
    }
    cv_.notify_all();
  }
  // Waits until a request is being held (true) or the deadline passes.
  bool WaitForHeld(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [this] { return held_ > 0; });
  }

 private:
  net::HttpResponse Relay(const net::HttpRequest& r) {
    bool hold = false;
    When when = When::kBeforeForwarding;
    {
      std::lock_guard lock(mu_);
      hold = holding_ && (r.target.find(piece_) != std::string::npos ||
                          r.body.find(piece_) != std::string::npos);
      when = when_;
    }
    if (hold && when == When::kBeforeForwarding) Wait();
    net::HttpRequest forward{r.method, r.target, {}, r.body};
    for (const auto& [k, v] : r.headers) {
      if (k != "Host" && k != "Content-Length" && k != "Connection")
        forward.headers.push_back({k, v});
    }
    net::HttpResponse out;
    {
      thread_local net::HttpClient http({.request_timeout = std::chrono::milliseconds(60000)});
      auto res = http.Send(target_, forward, std::chrono::milliseconds(60000));
      out = res ? *res : net::HttpResponse::Text(502, res.error().message);
    }
    if (hold && when == When::kAfterForwarding) Wait();
    std::erase_if(out.headers, [](const auto& h) {
      return h.first == "Content-Length" || h.first == "Connection" ||
             h.first == "Transfer-Encoding";
    });
    return out;
  }
  void Wait() {
    std::unique_lock lock(mu_);
    ++held_;
    cv_.notify_all();
    cv_.wait(lock, [this] { return !holding_; });
  }

  net::Url target_;
  net::HttpServer server_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string piece_;
  When when_ = When::kBeforeForwarding;
  bool holding_ = false;
  int held_ = 0;
};

}  // namespace baro::testing
