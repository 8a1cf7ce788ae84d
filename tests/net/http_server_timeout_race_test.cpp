// The HTTP server when many connections reach their deadline at the same moment on several I/O
// threads: a beast stream's timeout closes the socket from its timer's handler while the session
// that owned the read ends and closes it too. Without a strand per connection, the two closes could
// run on two I/O threads at once and crash the process (a freed reactor entry read after another
// thread released it). Each round here makes hundreds of such pairs; the server must survive every
// round, close every connection, and go on serving.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <vector>

#include "net/http_client.h"
#include "net/http_server.h"

namespace baro::net {
namespace {

using namespace std::chrono_literals;

// A connection from 127.0.0.<n> that sends the start of a request and never finishes it.
int HalfSent(std::uint16_t port, int n) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  from.sin_addr.s_addr = htonl((127u << 24) | static_cast<unsigned>(n));
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

// True when the server closed `fd` (EOF or reset) within `timeout`.
bool ClosedByServer(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char buf[256];
  const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno == ECONNRESET);
}

TEST(HttpServerTimeouts, ManyDeadlinesAtOnceOnSeveralThreadsCloseEveryConnectionAndServeOn) {
  constexpr int kRounds = 40, kConnections = 400;
  HttpServer server({.threads = 4,
                     .max_connections = 2 * kConnections,
                     .max_connections_per_address = 4,
                     .header_timeout_ms = 20,
                     .metrics_name = "timeout_race_test"},
                    [](const HttpRequest&) { return HttpResponse::Text(200, "ok"); });
  ASSERT_TRUE(server.Start().ok());
  for (int round = 0; round < kRounds; ++round) {
    std::vector<int> fds;
    for (int i = 0; i < kConnections; ++i) {
      // Spread over source addresses, under the per-address cap.
      const int fd = HalfSent(server.port(), 2 + i / 4);
      ASSERT_GE(fd, 0) << "round " << round << ", connection " << i;
      fds.push_back(fd);
    }
    int closed = 0;
    for (int fd : fds) {
      closed += ClosedByServer(fd, 30s);
      ::close(fd);
    }
    EXPECT_EQ(closed, kConnections) << "round " << round;
  }
  HttpClient client;
  auto res = client.Send(*ParseUrl(server.BaseUrl()), {"GET", "/"});
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->status, 200);
}

}  // namespace
}  // namespace baro::net
