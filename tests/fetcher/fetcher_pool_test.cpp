// The fetcher's connection handling over a long run: a fixed pool of threads, persistent
// connections reused by each caller, idle and half-sent connections closed on time.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "fetcher/fetcher_client.h"
#include "fetcher/fetcher_server.h"
#include "fetcher/frame.h"
#include "metrics/loop_guard.h"
#include "support/process_counts.h"
#include "support/temp_dir.h"

namespace baro::fetcher {
namespace {

using namespace std::chrono_literals;

Result<boost::json::value> Health(std::string_view, const boost::json::object&) {
  return boost::json::value(boost::json::object{{"status", "ok"}});
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

TEST(FetcherPool, ThousandsOfCallsKeepThreadsDescriptorsAndMappingsFlat) {
  testing::TempDir dir;
  FetcherServer server(dir.File("f.sock"), Health);
  ASSERT_TRUE(server.Start().ok());
  FetcherClient client(dir.File("f.sock"), 2000ms);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(client.Call("health").ok());
  const auto warm = testing::CountProcessResources();
  for (int i = 0; i < 3000; ++i) ASSERT_TRUE(client.Call("health").ok()) << i;
  const auto end = testing::CountProcessResources();
  EXPECT_EQ(end.threads, warm.threads);
  EXPECT_EQ(end.fds, warm.fds);
  // A thread left behind per connection keeps its stack mapped: ~2 mappings per call.
  EXPECT_LE(end.mappings, warm.mappings + 8);
}

}  // namespace
}  // namespace baro::fetcher

namespace baro::fetcher {
namespace {

TEST(FetcherPool, OneCallerReusesOneConnection) {
  testing::TempDir dir;
  FetcherServer server(dir.File("f.sock"), Health);
  ASSERT_TRUE(server.Start().ok());
  FetcherClient client(dir.File("f.sock"), 2000ms);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(client.Call("health").ok());
  EXPECT_EQ(client.connections_opened(), 1u);
  EXPECT_EQ(server.connections_accepted(), 1u);
}

TEST(FetcherPool, ParallelCallersShareABoundedPoolAndMoreCallersThanThreadsAreServed) {
  testing::TempDir dir;
  std::atomic<int> in_handler{0}, most{0};
  FetcherServer server(dir.File("f.sock"),
                       [&](std::string_view op, const boost::json::object& r) {
                         const int now = ++in_handler;
                         int seen = most.load();
                         while (now > seen && !most.compare_exchange_weak(seen, now)) {
                         }
                         std::this_thread::sleep_for(1ms);  // some work, so that callers overlap
                         --in_handler;
                         return Health(op, r);
                       },
                       {.threads = 2, .max_connections = 16});
  ASSERT_TRUE(server.Start().ok());
  FetcherClient client(dir.File("f.sock"), 5000ms, 3);
  std::atomic<int> ok{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 8; ++t) {
    callers.emplace_back([&] {
      for (int i = 0; i < 50; ++i) ok += client.Call("health").ok() ? 1 : 0;
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(ok.load(), 8 * 50);
  EXPECT_LE(client.connections_opened(), 3u);  // the client's pool
  EXPECT_LE(most.load(), 2);                   // the server's pool
}

TEST(FetcherPool, ClientReconnectsAfterTheFetcherRestarts) {
  testing::TempDir dir;
  auto server = std::make_unique<FetcherServer>(dir.File("f.sock"), Health);
  ASSERT_TRUE(server->Start().ok());
  FetcherClient client(dir.File("f.sock"), 2000ms);
  ASSERT_TRUE(client.Call("health").ok());
  server->Stop();
  server = std::make_unique<FetcherServer>(dir.File("f.sock"), Health);
  ASSERT_TRUE(server->Start().ok());
  auto r = client.Call("health");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(client.connections_opened(), 2u);
}

TEST(FetcherPool, IdleConnectionsAreClosedAndTheClientGoesOn) {
  testing::TempDir dir;
  FetcherServer server(dir.File("f.sock"), Health, {.idle_timeout = 100ms});
  ASSERT_TRUE(server.Start().ok());
  FetcherClient client(dir.File("f.sock"), 2000ms);
  ASSERT_TRUE(client.Call("health").ok());
  ASSERT_TRUE(WaitUntil([&] { return server.connections_open() == 0; }, 5s));
  auto r = client.Call("health");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(client.connections_opened(), 2u);
}

TEST(FetcherPool, HalfSentRequestIsDroppedAfterTheReceiveTimeoutWithoutStallingOthers) {
  testing::TempDir dir;
  FetcherServer server(dir.File("f.sock"), Health, {.threads = 1, .receive_timeout = 200ms});
  ASSERT_TRUE(server.Start().ok());
  auto raw = ConnectUnix(dir.File("f.sock"), 5000ms);
  ASSERT_TRUE(raw.ok());
  const char partial[2] = {0, 0};  // half of a frame header, then nothing
  ASSERT_EQ(::send(*raw, partial, sizeof partial, MSG_NOSIGNAL), 2);
  // The only pool thread is stuck on the half-sent frame until its receive timeout; then the
  // connection is closed and a well-behaved caller is served.
  char byte = 0;
  EXPECT_EQ(::recv(*raw, &byte, 1, 0), 0);  // EOF from the fetcher (the socket waits up to 5 s)
  ::close(*raw);
  FetcherClient client(dir.File("f.sock"), 2000ms);
  EXPECT_TRUE(client.Call("health").ok());
}

TEST(FetcherPool, ConnectionsBeyondTheCapAreClosed) {
  testing::TempDir dir;
  FetcherServer server(dir.File("f.sock"), Health, {.max_connections = 2});
  ASSERT_TRUE(server.Start().ok());
  FetcherClient a(dir.File("f.sock"), 2000ms), b(dir.File("f.sock"), 2000ms),
      c(dir.File("f.sock"), 2000ms);
  ASSERT_TRUE(a.Call("health").ok());
  ASSERT_TRUE(b.Call("health").ok());
  EXPECT_FALSE(c.Call("health").ok());
  EXPECT_EQ(server.connections_refused(), 1u);
  EXPECT_EQ(server.connections_open(), 2u);
}

TEST(FetcherPool, ThrowingHandlerCostsOnlyItsRequest) {
  testing::TempDir dir;
  FetcherServer server(
      dir.File("f.sock"),
      [](std::string_view op, const boost::json::object& r) -> Result<boost::json::value> {
        if (r.contains("boom")) {
          Result<int> missing = MakeError(ErrorCode::kNotFound, "no row");
          return boost::json::value(*missing);  // reads the value of an error
        }
        return Health(op, r);
      });
  ASSERT_TRUE(server.Start().ok());
  const double before = metrics::LoopErrors("fetcher");
  FetcherClient client(dir.File("f.sock"), 2000ms);
  auto r = client.Call("read_account", {{"boom", true}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
  EXPECT_EQ(metrics::LoopErrors("fetcher"), before + 1);
  EXPECT_TRUE(client.Call("health").ok());
  EXPECT_EQ(client.connections_opened(), 1u);  // the connection survived too
}

}  // namespace
}  // namespace baro::fetcher
