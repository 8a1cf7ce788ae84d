// What an HttpClient holds between requests: no thread of its own (names are resolved on the
// calling thread), and kept-alive connections only until egress.idle_timeout_ms has passed.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "net/http_client.h"
#include "net/http_server.h"
#include "support/process_counts.h"

namespace baro::net {
namespace {

using namespace std::chrono_literals;

HttpResponse Ok(const HttpRequest&) {
  return HttpResponse::Text(200, "ok");
}

TEST(HttpClientIdle, ResolvingAHostNameStartsNoThread) {
  HttpServer server({}, Ok);
  ASSERT_TRUE(server.Start().ok());
  auto base = ParseUrl("http://localhost:" + std::to_string(server.port()));
  ASSERT_TRUE(base.ok());
  const auto before = testing::CountProcessResources();
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < 5; ++i) {
    clients.push_back(std::make_unique<HttpClient>());
    auto r = clients.back()->Send(*base, {"GET", "/"});
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  // Five clients, five lookups of "localhost": the server's pool threads were there before, and
  // the clients add none (a resolver thread per client would add five).
  EXPECT_EQ(testing::CountProcessResources().threads, before.threads);
}

TEST(HttpClientIdle, AConnectionIdleBeyondTheIdleTimeoutIsClosedAndNotReused) {
  HttpServer server({}, Ok);
  ASSERT_TRUE(server.Start().ok());
  auto base = ParseUrl(server.BaseUrl());
  ASSERT_TRUE(base.ok());
  HttpClient client({.idle_timeout = 200ms});
  ASSERT_TRUE(client.Send(*base, {"GET", "/"}).ok());
  ASSERT_TRUE(client.Send(*base, {"GET", "/"}).ok());
  EXPECT_EQ(client.connections_opened(), 1u);  // reused while fresh
  EXPECT_EQ(client.idle_connections(), 1u);
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (client.idle_connections() != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
    client.CloseIdle();
  }
  EXPECT_EQ(client.idle_connections(), 0u);
  ASSERT_TRUE(client.Send(*base, {"GET", "/"}).ok());
  EXPECT_EQ(client.connections_opened(), 2u);
}

TEST(HttpClientIdle, AFreshConnectionIsKeptByCloseIdle) {
  HttpServer server({}, Ok);
  ASSERT_TRUE(server.Start().ok());
  auto base = ParseUrl(server.BaseUrl());
  ASSERT_TRUE(base.ok());
  HttpClient client({.idle_timeout = 60s});
  ASSERT_TRUE(client.Send(*base, {"GET", "/"}).ok());
  client.CloseIdle();
  EXPECT_EQ(client.idle_connections(), 1u);
  ASSERT_TRUE(client.Send(*base, {"GET", "/"}).ok());
  EXPECT_EQ(client.connections_opened(), 1u);
}

}  // namespace
}  // namespace baro::net
