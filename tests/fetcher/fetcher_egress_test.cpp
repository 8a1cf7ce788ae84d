// Several egress addresses: the fetcher reads each connection from one address of
// egress.bind_addresses, always the same one, and counts each venue's request budget per address.
// Over loopback with 127.0.0.1 and 127.0.0.2 (Linux routes all of 127.0.0.0/8 to the loopback
// interface); the fake Binance is served without the relay, so the peer address it records is
// the one the fetcher's socket was bound to.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "fakes/exchanges/fake_binance.h"
#include "fakes/server/fake_http_server.h"
#include "fetcher/fetcher_service.h"
#include "vault/envelope.h"
#include "vault/local_kek.h"

namespace baro::fetcher {
namespace {

class FetcherEgress : public ::testing::Test {
 protected:
  void SetUp() override {
    fakes::FakeHttpServer::ServeWithoutRelay(true);
    ASSERT_TRUE(binance.Start());
    binance.AddKey(kKey, kSecret, R"({"enableReading":true,"enableFutures":true})");
    binance.SetPositions(
        kKey,
        R"([{"symbol":"BTCUSDT","positionSide":"BOTH","positionAmt":"0.5","entryPrice":"60000","markPrice":"61000","unRealizedProfit":"500","liquidationPrice":"50000","isolatedMargin":"0","notional":"30500","marginAsset":"USDT","isolatedWallet":"0","maintMargin":"122","updateTime":1720736417660}])",
        R"([{"symbol":"BTCUSDT","marginType":"CROSSED","isAutoAddMargin":false,"leverage":20,"maxNotionalValue":"1000000"}])");
    endpoints.binance_futures = binance.BaseUrl();
    endpoints.binance_spot = binance.BaseUrl();
  }
  void TearDown() override { fakes::FakeHttpServer::ServeWithoutRelay(false); }

  boost::json::object Connection(int id) {
    boost::json::object c{{"user_id", 1}, {"connection_id", id}, {"venue", "binance"}};
    auto seal = [&](const std::string& value, vault::SecretField field) {
      auto sealed = vault::Seal(SecretBytes(value),
                                {"1", std::to_string(id), Venue::kBinance, field}, wrapper);
      EXPECT_TRUE(sealed.ok());
      return sealed->ToText();
    };
    c["api_key"] = seal(kKey, vault::SecretField::kApiKey);
    c["api_secret"] = seal(kSecret, vault::SecretField::kApiSecret);
    return c;
  }
  // The peer addresses of the requests one read sends.
  std::set<std::string> PeersOfRead(FetcherService& service, int id, bool* ok = nullptr) {
    const std::size_t before = binance.peers().size();
    auto r = service.Handle("read_positions", {{"connection", Connection(id)}});
    if (ok != nullptr) *ok = r.ok();
    auto peers = binance.peers();
    return {peers.begin() + static_cast<std::ptrdiff_t>(before), peers.end()};
  }

  static constexpr char kKey[] = "egressKey0123456789abcdefgh";
  static constexpr char kSecret[] = "egressSecret0123456789abcde";
  fakes::FakeBinance binance;
  exchanges::VenueEndpoints endpoints;
  SecretBytes private_key = [] {
    SecretBytes k(32);
    for (std::size_t i = 0; i < k.size(); ++i) k.data()[i] = static_cast<unsigned char>(i + 11);
    return k;
  }();
  std::shared_ptr<vault::LocalKeyUnwrapper> unwrapper =
      std::make_shared<vault::LocalKeyUnwrapper>(private_key.Clone());
  vault::LocalKeyWrapper wrapper{vault::PublicKeyOf(private_key)};
};

TEST_F(FetcherEgress, EachConnectionReadsFromOneAddressAndBothAreUsed) {
  FetcherService service(unwrapper, endpoints, {}, {}, 100, 2, {"127.0.0.1", "127.0.0.2"});
  std::map<int, std::string> chosen;
  for (int id = 1; id <= 16; ++id) {
    bool ok = false;
    auto peers = PeersOfRead(service, id, &ok);
    ASSERT_TRUE(ok);
    ASSERT_EQ(peers.size(), 1u) << "every request of a read leaves from one address";
    chosen[id] = *peers.begin();
    EXPECT_EQ(chosen[id], service.EgressFor(std::to_string(id)));
  }
  std::set<std::string> used;
  for (const auto& [id, address] : chosen) used.insert(address);
  EXPECT_EQ(used, (std::set<std::string>{"127.0.0.1", "127.0.0.2"}));
  // Later reads, and a fetcher started again (a restart), keep each connection's address.
  FetcherService restarted(unwrapper, endpoints, {}, {}, 100, 2, {"127.0.0.1", "127.0.0.2"});
  for (int id = 1; id <= 16; ++id) {
    EXPECT_EQ(PeersOfRead(service, id), std::set<std::string>{chosen[id]});
    EXPECT_EQ(PeersOfRead(restarted, id), std::set<std::string>{chosen[id]});
  }
}

TEST_F(FetcherEgress, EachAddressHasItsOwnBudget) {
  // 1 % of Binance's 2,400 weight per minute: 24 per address. A connection's first read costs
  // 22 (positionRisk 5, account 5, symbolConfig 5, accountConfig 5, leverageBracket 1, COIN-M
  // count 1); its next read 10 more would pass 24.
  FetcherService service(unwrapper, endpoints, {}, {}, 1, 2, {"127.0.0.1", "127.0.0.2"});
  int on_first = 0, on_second = 0;
  for (int id = 1; on_first == 0 || on_second == 0; ++id) {
    ASSERT_LT(id, 100);
    (service.EgressFor(std::to_string(id)) == "127.0.0.1" ? on_first : on_second) = id;
  }
  bool ok = false;
  EXPECT_EQ(PeersOfRead(service, on_first, &ok), std::set<std::string>{"127.0.0.1"});
  EXPECT_TRUE(ok);
  auto spent = service.Handle("read_positions", {{"connection", Connection(on_first)}});
  ASSERT_FALSE(spent.ok());
  EXPECT_EQ(spent.error().code, ErrorCode::kRateLimited);
  // The other address's budget is whole.
  EXPECT_EQ(PeersOfRead(service, on_second, &ok), std::set<std::string>{"127.0.0.2"});
  EXPECT_TRUE(ok);
}

// The health answer lists each address's Binance budget: after one first read from one address,
// that address has used 22 of its 24 (the hand count above) and the other none.
TEST_F(FetcherEgress, TheHealthAnswerListsEachAddresssBudget) {
  FetcherService service(unwrapper, endpoints, {}, {}, 1, 2, {"127.0.0.1", "127.0.0.2"});
  int id = 1;
  while (service.EgressFor(std::to_string(id)) != "127.0.0.1") ++id;
  bool ok = false;
  PeersOfRead(service, id, &ok);
  ASSERT_TRUE(ok);
  auto health = service.Handle("health", {});
  ASSERT_TRUE(health.ok());
  std::map<std::string, boost::json::object> binance_by_address;
  for (const auto& entry : health->as_object().at("budgets").as_array()) {
    const auto& o = entry.as_object();
    if (o.at("venue").as_string() == "binance")
      binance_by_address[std::string(o.at("address").as_string())] = o;
  }
  ASSERT_EQ(binance_by_address.size(), 2u);
  const auto& first = binance_by_address.at("127.0.0.1");
  EXPECT_EQ(first.at("used").to_number<std::int64_t>(), 22);
  EXPECT_EQ(first.at("limit").to_number<std::int64_t>(), 24);
  EXPECT_EQ(first.at("window_ms").to_number<std::int64_t>(), 60'000);
  EXPECT_EQ(first.at("banned_for_ms").to_number<std::int64_t>(), 0);
  EXPECT_EQ(binance_by_address.at("127.0.0.2").at("used").to_number<std::int64_t>(), 0);
}

}  // namespace
}  // namespace baro::fetcher
