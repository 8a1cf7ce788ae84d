// The worker's market data with live marks, against Binance's fake stream (TLS on loopback): a
// checked symbol gets streamed, a fresh streamed mark replaces the REST one, a silent stream falls
// back to the REST mark, and a symbol no check asked for within the watch time is unsubscribed.
#include "worker/streamed_market_data.h"

#include <gtest/gtest.h>

#include "fakes/stream/fake_stream_server.h"
#include "support/temp_dir.h"
#include "support/tls_cert.h"

namespace baro::worker {
namespace {

using fakes::WaitFor;

class StreamedMarketDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tls_ = testing::MakeSelfSignedCert(dir_.path().string());
    fake_ =
        std::make_unique<fakes::FakeStreamServer>(Venue::kBinance, tls_.cert_file, tls_.key_file);
    ASSERT_TRUE(fake_->Start().ok());
    stream::StreamerOptions o;
    o.endpoints.binance = fake_->Url();
    o.connection.ws.ca_file = tls_.cert_file;
    o.connection.silence_reconnect_ms = 60'000;
    o.connection.backoff_ms = 20;
    o.stale_after_ms = 300;
    streamer_ = std::make_unique<stream::MarkStreamer>(o, nullptr);
  }

  // The REST side: Binance's table as its premiumIndex read would give it, mark 100.
  market::CachedMarketData rest_{[](Venue) -> Result<std::vector<market::Instrument>> {
                                   return std::vector<market::Instrument>{
                                       {"BTCUSDT", "BTC", "USDT", 100.0, 125, 0.004, 0},
                                       {"ETHUSDT", "ETH", "USDT", 10.0, 100, 0.005, 0}};
                                 },
                                 SystemClock::Instance(), 60'000};
  testing::TempDir dir_;
  testing::TlsFiles tls_;
  std::unique_ptr<fakes::FakeStreamServer> fake_;
  std::unique_ptr<stream::MarkStreamer> streamer_;
};

TEST_F(StreamedMarketDataTest, FreshStreamedMarkReplacesTheRestMarkUntilItGoesStale) {
  ManualClock clock;
  StreamedMarketData market(rest_, *streamer_, clock, 600'000, 100);
  auto first = market.Find(Venue::kBinance, "BTCUSDT");
  ASSERT_TRUE(first.ok());
  EXPECT_DOUBLE_EQ(first->mark_price, 100.0);  // nothing streamed yet: the REST mark
  ASSERT_TRUE(WaitFor([&] { return fake_->Subscribed() == std::set<std::string>{"BTCUSDT"}; }));
  ASSERT_TRUE(WaitFor([&] {
    fake_->PushMark("BTCUSDT", 104.5);
    return market.Find(Venue::kBinance, "BTCUSDT")->mark_price == 104.5;
  }));
  fake_->SetSilent(true);
  // Past stream.stale_after_ms (300 ms here) without a word: the REST mark again.
  EXPECT_TRUE(
      WaitFor([&] { return market.Find(Venue::kBinance, "BTCUSDT")->mark_price == 100.0; }));
}

TEST_F(StreamedMarketDataTest, PairsNoCheckAskedForAreUnsubscribed) {
  ManualClock clock;
  StreamedMarketData market(rest_, *streamer_, clock, 10'000, 100);
  ASSERT_TRUE(market.Find(Venue::kBinance, "BTCUSDT").ok());
  ASSERT_TRUE(WaitFor([&] { return fake_->Subscribed() == std::set<std::string>{"BTCUSDT"}; }));
  clock.Advance(10'001);  // BTCUSDT not asked for within the 10 s watch time
  ASSERT_TRUE(market.Find(Venue::kBinance, "ETHUSDT").ok());
  EXPECT_TRUE(WaitFor([&] { return fake_->Subscribed() == std::set<std::string>{"ETHUSDT"}; }));
  // Unknown symbols are the REST side's answer and are not streamed.
  EXPECT_FALSE(market.Find(Venue::kBinance, "NOPEUSDT").ok());
  EXPECT_EQ(streamer_->ConnectionSymbols(Venue::kBinance).at(0), std::set<std::string>{"ETHUSDT"});
}

}  // namespace
}  // namespace baro::worker
