// The HTTP server against clients that hold connections open: connection caps, the header-read
// deadline, and running out of descriptors. Assertions are on counts and on what the peer sees,
// never on elapsed time.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "metrics/metrics.h"
#include "net/http_client.h"
#include "net/http_server.h"
#include "support/process_counts.h"

namespace baro::net {
namespace {

using namespace std::chrono_literals;

HttpResponse Ok(const HttpRequest&) {
  return HttpResponse::Text(200, "ok");
}

// A TCP connection from `source` (any 127.0.0.0/8 address works on loopback) that sends the start
// of a request and never finishes it.
int HalfSentConnection(std::uint16_t port, const char* source) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  ::inet_pton(AF_INET, source, &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  const char partial[] = "GET / HTTP/1.1\r\nHost: x\r\n";
  (void)::send(fd, partial, sizeof partial - 1, MSG_NOSIGNAL);
  return fd;
}

// True when the server has closed `fd` (EOF or reset) within `timeout`.
bool ClosedByServer(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char buf[256];
  ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno == ECONNRESET);
}

template <typename Pred>
bool WaitUntil(Pred pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

TEST(HttpServerLimits, ConnectionsBeyondThePerAddressCapAreClosedAndOthersAreServed) {
  HttpServer server(
      {.max_connections = 100, .max_connections_per_address = 8, .metrics_name = "limits_test"},
      Ok);
  ASSERT_TRUE(server.Start().ok());
  std::vector<int> idle;
  for (int i = 0; i < 40; ++i) {
    int fd = HalfSentConnection(server.port(), "127.0.0.2");
    ASSERT_GE(fd, 0);
    idle.push_back(fd);
  }
  ASSERT_TRUE(
      WaitUntil([&] { return server.stats().accepted + server.stats().refused == 40; }, 5s));
  EXPECT_EQ(server.stats().refused, 32u);
  int closed = 0;
  for (int fd : idle) closed += ClosedByServer(fd, 0ms) ? 1 : 0;
  EXPECT_EQ(closed, 32);
  EXPECT_NE(metrics::Default().Render().find(
                "baro_http_connections_refused_total{server=\"limits_test\",reason=\"max_"
                "connections_per_address\"} 32"),
            std::string::npos)
      << metrics::Default().Render();
  // A request from another address is served at once.
  HttpClient client({.request_timeout = 5000ms});
  auto res = client.Send(*ParseUrl(server.BaseUrl()), {"GET", "/"});
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->status, 200);
  for (int fd : idle) ::close(fd);
}

TEST(HttpServerLimits, ConnectionsBeyondTheTotalCapAreClosed) {
  HttpServer server({.max_connections = 5, .max_connections_per_address = 100}, Ok);
  ASSERT_TRUE(server.Start().ok());
  std::vector<int> idle;
  for (int i = 0; i < 12; ++i) idle.push_back(HalfSentConnection(server.port(), "127.0.0.3"));
  ASSERT_TRUE(
      WaitUntil([&] { return server.stats().accepted + server.stats().refused == 12; }, 5s));
  EXPECT_EQ(server.stats().accepted, 5u);
  EXPECT_EQ(server.stats().refused, 7u);
  for (int fd : idle) ::close(fd);
  // Once the idle ones are gone, room is made again.
  ASSERT_TRUE(WaitUntil([&] { return server.stats().open == 0; }, 5s));
  HttpClient client;
  auto res = client.Send(*ParseUrl(server.BaseUrl()), {"GET", "/"});
  ASSERT_TRUE(res.ok()) << res.error().message;
}

TEST(HttpServerLimits, SlowHeadersAreCutOffAtTheHeaderDeadline) {
  // The body/write timeout is long; only the header deadline can close this connection.
  HttpServer server({.idle_timeout_seconds = 600, .header_timeout_ms = 200}, Ok);
  ASSERT_TRUE(server.Start().ok());
  int fd = HalfSentConnection(server.port(), "127.0.0.4");
  ASSERT_GE(fd, 0);
  EXPECT_TRUE(ClosedByServer(fd, 10s));
  ::close(fd);
  EXPECT_TRUE(WaitUntil([&] { return server.stats().open == 0; }, 5s));
}

TEST(HttpServerLimits, HandlersRunOffTheIoThreads) {
  // One I/O thread; one handler is blocked. Another request is still read and answered.
  std::atomic<bool> release{false};
  std::atomic<int> blocked{0};
  HttpServer server({.threads = 1, .handler_threads = 2}, [&](const HttpRequest& r) {
    if (r.Path() == "/slow") {
      ++blocked;
      while (!release.load()) std::this_thread::sleep_for(1ms);
    }
    return HttpResponse::Text(200, "ok");
  });
  ASSERT_TRUE(server.Start().ok());
  std::thread slow([&] {
    HttpClient c({.request_timeout = 20000ms});
    (void)c.Send(*ParseUrl(server.BaseUrl()), {"GET", "/slow"});
  });
  ASSERT_TRUE(WaitUntil([&] { return blocked.load() == 1; }, 5s));
  HttpClient client({.request_timeout = 5000ms});
  auto res = client.Send(*ParseUrl(server.BaseUrl()), {"GET", "/fast"});
  release = true;
  slow.join();
  ASSERT_TRUE(res.ok()) << res.error().message;
}

// Lowers this process's descriptor limit for the test's duration.
class LowDescriptorLimit {
 public:
  explicit LowDescriptorLimit(rlim_t soft) {
    ::getrlimit(RLIMIT_NOFILE, &saved_);
    rlimit low = saved_;
    low.rlim_cur = soft;
    ::setrlimit(RLIMIT_NOFILE, &low);
  }
  ~LowDescriptorLimit() { ::setrlimit(RLIMIT_NOFILE, &saved_); }

 private:
  rlimit saved_{};
};

TEST(HttpServerLimits, OutOfDescriptorsBacksOffInsteadOfSpinningAndRecovers) {
  HttpServer server({.accept_backoff_ms = 100}, Ok);
  ASSERT_TRUE(server.Start().ok());
  // One request answered before the table is full. Under UBSan this is what lets the test run
  // clean: the first time its vptr check meets a (dynamic type, static type) pair it reads the
  // object's vtable prefix through a pipe (compiler-rt's IsAccessibleMemoryRange, in
  // sanitizer_posix_libcdep.cpp), and with no descriptor left the pipe fails and the check
  // reports "object has invalid vptr" for a sound object. Once met, a pair is remembered, so the
  // server's timers and error codes must have been met with descriptors to spare.
  {
    HttpClient client;
    auto warm = client.Send(*ParseUrl(server.BaseUrl()), {"GET", "/"});
    ASSERT_TRUE(warm.ok()) << warm.error().message;
  }
  std::vector<int> fillers;
  int pending = -1;
  std::uint64_t failures_in_window = 0;
  {
    LowDescriptorLimit limit(testing::CountProcessResources().fds + 16);
    // Fill the table, leaving one slot for the client socket.
    for (;;) {
      int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
      if (fd < 0) break;
      fillers.push_back(fd);
    }
    ASSERT_FALSE(fillers.empty());
    ::close(fillers.back());
    fillers.pop_back();
    pending = HalfSentConnection(server.port(), "127.0.0.5");
    ASSERT_GE(pending, 0);
    // The server cannot accept it: every accept() fails with EMFILE.
    ASSERT_TRUE(WaitUntil([&] { return server.stats().accept_failures >= 1; }, 5s));
    const auto first = server.stats().accept_failures;
    // A window of 20 back-off periods: a spinning loop makes many thousands of attempts in it.
    std::this_thread::sleep_for(2000ms);
    failures_in_window = server.stats().accept_failures - first;
    for (int fd : fillers) ::close(fd);
  }
  EXPECT_GE(failures_in_window, 5u);
  EXPECT_LE(failures_in_window, 25u);
  // Descriptors are back: the waiting connection is accepted and its request answered.
  const char rest[] = "\r\n";
  ASSERT_EQ(::send(pending, rest, 2, MSG_NOSIGNAL), 2);
  pollfd p{pending, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 10000), 1);
  char buf[512] = {};
  ASSERT_GT(::recv(pending, buf, sizeof buf - 1, 0), 0);
  EXPECT_EQ(std::string(buf).rfind("HTTP/1.1 200", 0), 0u) << buf;
  ::close(pending);
  EXPECT_EQ(server.stats().accepted, 2u);  // the warm-up request and the one that waited
}

}  // namespace
}  // namespace baro::net
