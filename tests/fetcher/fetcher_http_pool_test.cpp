// The fetcher's outbound HTTP clients over a long run: they are made up front (fetcher.threads per
// venue), start no thread of their own (names are resolved on the calling thread, not on a
// resolver thread per client), so after the first reads the process's threads, descriptors and
// memory mappings stay where they are however many reads follow.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "fakes/exchanges/fake_binance.h"
#include "fakes/exchanges/fake_bybit.h"
#include "fakes/market/fake_market.h"
#include "fakes/server/fake_http_server.h"
#include "fetcher/fetcher_service.h"
#include "support/process_counts.h"
#include "vault/envelope.h"
#include "vault/local_kek.h"

namespace baro::fetcher {
namespace {

constexpr int kThreads = 4;

class FetcherHttpPool : public ::testing::Test {
 protected:
  void SetUp() override {
    // The fakes answer on a fixed pool of threads (no relay thread per connection), so every
    // thread the process gains during the reads would be the fetcher's.
    fakes::FakeHttpServer::ServeWithoutRelay(true);
    ASSERT_TRUE(market.Start());
    ASSERT_TRUE(binance.Start());
    ASSERT_TRUE(bybit.Start());
    market.SetHyperliquid("BTC", 100000, 40);
    market.SetClearinghouseState(
        kAddress,
        R"({"assetPositions":[],"crossMaintenanceMarginUsed":"0.0","crossMarginSummary":{"accountValue":"5000.0","totalMarginUsed":"0.0","totalNtlPos":"0.0","totalRawUsd":"5000.0"},"marginSummary":{"accountValue":"5000.0","totalMarginUsed":"0.0","totalNtlPos":"0.0","totalRawUsd":"5000.0"},"time":1708622398623,"withdrawable":"5000.0"})");
    binance.SetMark("BTCUSDT", 100000);
    binance.AddKey(kKey, kSecret, R"({"enableReading":true,"enableFutures":true})");
    binance.SetPositions(kKey, "[]", "[]");
    bybit.AddKey(kKey, kSecret,
                 R"({"readOnly":1,"permissions":{"ContractTrade":["Position"]},"ips":[]})");
    bybit.SetPositions(kKey, {});
    endpoints.hyperliquid = market.BaseUrl();
    endpoints.binance_futures = binance.BaseUrl();
    endpoints.binance_spot = binance.BaseUrl();
    endpoints.bybit = bybit.BaseUrl();
  }
  void TearDown() override { fakes::FakeHttpServer::ServeWithoutRelay(false); }

  boost::json::object Connection(Venue venue, int id) {
    boost::json::object c{{"user_id", 1}, {"connection_id", id}, {"venue", ToString(venue)}};
    if (venue == Venue::kHyperliquid) {
      c["wallet_address"] = kAddress;
      return c;
    }
    auto seal = [&](const std::string& value, vault::SecretField field) {
      auto sealed =
          vault::Seal(SecretBytes(value), {"1", std::to_string(id), venue, field}, wrapper);
      EXPECT_TRUE(sealed.ok());
      return sealed->ToText();
    };
    c["api_key"] = seal(kKey, vault::SecretField::kApiKey);
    c["api_secret"] = seal(kSecret, vault::SecretField::kApiSecret);
    return c;
  }

  // `per_thread` reads from each of kThreads threads, round robin over the three venues.
  int ReadFromThreads(FetcherService& service, int per_thread) {
    const std::vector<boost::json::object> connections = {Connection(Venue::kHyperliquid, 1),
                                                          Connection(Venue::kBinance, 2),
                                                          Connection(Venue::kBybit, 3)};
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < per_thread; ++i) {
          const auto& c = connections[static_cast<std::size_t>(t + i) % connections.size()];
          auto r = service.Handle("read_positions", {{"connection", c}});
          if (r.ok()) ++ok;
        }
      });
    }
    for (auto& t : threads) t.join();
    return ok.load();
  }

  static constexpr char kAddress[] = "0x00000000000000000000000000000000000000aa";
  static constexpr char kKey[] = "poolKey0123456789abcdefghij";
  static constexpr char kSecret[] = "poolSecret0123456789abcdefgh";
  fakes::FakeMarket market;
  fakes::FakeBinance binance;
  fakes::FakeBybit bybit;
  exchanges::VenueEndpoints endpoints;
  SecretBytes private_key = [] {
    SecretBytes k(32);
    for (std::size_t i = 0; i < k.size(); ++i) k.data()[i] = static_cast<unsigned char>(i + 7);
    return k;
  }();
  std::shared_ptr<vault::LocalKeyUnwrapper> unwrapper =
      std::make_shared<vault::LocalKeyUnwrapper>(private_key.Clone());
  vault::LocalKeyWrapper wrapper{vault::PublicKeyOf(private_key)};
};

TEST_F(FetcherHttpPool, ReadsOverVenuesAndThreadsAddNoThreadAndKeepCountsFlat) {
  // Threads of the test itself come and go before each count; the arenas malloc gives them
  // stay, so a first round of reads warms those up before anything is compared.
  FetcherService service(unwrapper, endpoints, {}, {}, 1'000'000, kThreads);
  const auto before = testing::CountProcessResources();
  ASSERT_EQ(ReadFromThreads(service, 30), kThreads * 30);
  const auto warm = testing::CountProcessResources();
  // The documented bound: the fetcher's HTTP clients start no thread, whatever they read.
  EXPECT_EQ(warm.threads, before.threads);
  ASSERT_EQ(ReadFromThreads(service, 150), kThreads * 150);
  const auto end = testing::CountProcessResources();
  EXPECT_EQ(end.threads, warm.threads);
  // Descriptors: the clients' own (epoll, timer, wake-up) were there before the first read; then
  // at most one kept-alive connection per client and host, two descriptors each in this process
  // (the client's socket and the fake's). A client first borrowed late opens its connection late,
  // so the bound is checked, not equality.
  const std::size_t connections_bound = 2 * kThreads * 3;
  EXPECT_LE(end.fds, before.fds + connections_bound);
  // A thread started per client would map its stack (two mappings: stack and guard page).
  EXPECT_LE(end.mappings, warm.mappings + 4);
  ASSERT_EQ(ReadFromThreads(service, 300), kThreads * 300);
  const auto later = testing::CountProcessResources();
  EXPECT_EQ(later.threads, warm.threads);
  EXPECT_LE(later.fds, before.fds + connections_bound);
  EXPECT_LE(later.mappings, warm.mappings + 4);
}

TEST_F(FetcherHttpPool, ConnectionsToAVenueAreReusedAcrossReads) {
  FetcherService service(unwrapper, endpoints, {}, {}, 1'000'000, kThreads);
  ASSERT_EQ(ReadFromThreads(service, 60), kThreads * 60);
  // Every client of a venue opens at most one connection to its one host (the fake keeps them
  // alive); 4 threads borrow from a pool of 4 clients per venue.
  EXPECT_LE(service.HttpConnectionsOpened(Venue::kBinance), static_cast<std::size_t>(kThreads));
  EXPECT_GE(service.HttpConnectionsOpened(Venue::kBinance), 1u);
}

}  // namespace
}  // namespace baro::fetcher
