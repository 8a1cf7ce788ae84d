// The streamer against each venue's fake stream (TLS over loopback, tests/fakes/stream): it
// subscribes to exactly the watched symbols, delivers marks, keeps the venue's keep-alive,
// reconnects and resubscribes after a drop, reports a silent stream stale (and reconnects),
// follows subscription changes, fetches KuCoin's token for each connection, and counts and skips a
// malformed frame.
#include "stream/mark_streamer.h"

#include <gtest/gtest.h>

#include <mutex>
#include <tuple>
#include <vector>

#include "fakes/stream/fake_stream_server.h"
#include "metrics/metrics.h"
#include "support/temp_dir.h"
#include "support/tls_cert.h"

namespace baro::stream {
namespace {

using fakes::WaitFor;

class RecordingSink final : public MarkSink {
 public:
  void OnMark(Venue venue, const std::string& symbol, double mark, std::int64_t) override {
    std::lock_guard lock(mu_);
    marks_.emplace_back(venue, symbol, mark);
  }
  bool Has(Venue venue, const std::string& symbol, double mark) const {
    std::lock_guard lock(mu_);
    for (const auto& m : marks_) {
      if (m == std::make_tuple(venue, symbol, mark)) return true;
    }
    return false;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::tuple<Venue, std::string, double>> marks_;
};

// A venue symbol in each venue's own spelling.
std::string SymbolOf(Venue venue, int i = 0) {
  const std::string base = i == 0 ? "BTC" : "C" + std::to_string(i);
  switch (venue) {
    case Venue::kHyperliquid:
      return base;
    case Venue::kOkx:
      return base + "-USDT-SWAP";
    case Venue::kGate:
      return base + "_USDT";
    case Venue::kKucoin:
      return base + "USDTM";
    default:
      return base + "USDT";
  }
}

double Counter(const std::string& name, const std::vector<std::string>& labels,
               const std::vector<std::string>& values) {
  return metrics::Default().Counter(name, "", labels).With(values).Value();
}

class MarkStreamerTest : public ::testing::TestWithParam<Venue> {
 protected:
  void SetUp() override {
    tls_ = testing::MakeSelfSignedCert(dir_.path().string());
    fake_ = std::make_unique<fakes::FakeStreamServer>(GetParam(), tls_.cert_file, tls_.key_file);
    ASSERT_TRUE(fake_->Start().ok());
  }

  StreamerOptions Options() const {
    StreamerOptions o;
    const std::string url = fake_->Url();
    o.endpoints = {url, url, url, url, url, url, url};
    o.connection.ws.ca_file = tls_.cert_file;
    o.connection.http.ca_file = tls_.cert_file;
    o.connection.ping_interval_ms = 100;
    o.connection.silence_reconnect_ms = 1500;
    o.connection.backoff_ms = 20;
    o.connection.backoff_max_ms = 200;
    o.stale_after_ms = 400;
    return o;
  }

  // Watches `symbols` and waits until the fake holds exactly them.
  void WatchAndWait(MarkStreamer& streamer, const std::set<std::string>& symbols) {
    std::set<SymbolKey> keys;
    for (const auto& s : symbols) keys.insert({GetParam(), s});
    streamer.Watch(keys);
    ASSERT_TRUE(WaitFor([&] { return fake_->Subscribed() == symbols; }))
        << ToString(GetParam()) << " subscribed " << fake_->Subscribed().size();
  }

  // Pushes `mark` until the sink has it (a push can race a subscription being acknowledged).
  bool Deliver(RecordingSink& sink, const std::string& symbol, double mark) {
    return WaitFor([&] {
      if (sink.Has(GetParam(), symbol, mark)) return true;
      fake_->PushMark(symbol, mark);
      return WaitFor([&] { return sink.Has(GetParam(), symbol, mark); },
                     std::chrono::milliseconds(100));
    });
  }

  testing::TempDir dir_;
  testing::TlsFiles tls_;
  std::unique_ptr<fakes::FakeStreamServer> fake_;
};

TEST_P(MarkStreamerTest, SubscribesAndReceivesMarks) {
  RecordingSink sink;
  MarkStreamer streamer(Options(), &sink);
  const std::string btc = SymbolOf(GetParam());
  WatchAndWait(streamer, {btc});
  ASSERT_TRUE(Deliver(sink, btc, 64123.5));
  const StreamedMark m = streamer.Lookup(GetParam(), btc);
  EXPECT_EQ(m.state, MarkState::kFresh);
  EXPECT_DOUBLE_EQ(m.mark, 64123.5);
  EXPECT_EQ(fake_->not_understood(), 0);
}

TEST_P(MarkStreamerTest, SendsTheVenuesKeepAlive) {
  RecordingSink sink;
  MarkStreamer streamer(Options(), &sink);
  WatchAndWait(streamer, {SymbolOf(GetParam())});
  if (GetParam() == Venue::kBinance) {
    // Binance pings the client (WebSocket ping frames, answered by the client itself).
    GTEST_SKIP() << "server-side ping";
  }
  EXPECT_TRUE(WaitFor([&] { return fake_->pings() >= 3; }));
  EXPECT_EQ(fake_->not_understood(), 0);
}

TEST_P(MarkStreamerTest, DroppedStreamReconnectsAndResubscribes) {
  RecordingSink sink;
  MarkStreamer streamer(Options(), &sink);
  const std::string btc = SymbolOf(GetParam());
  WatchAndWait(streamer, {btc});
  ASSERT_TRUE(Deliver(sink, btc, 100.25));
  fake_->DropAll();
  ASSERT_TRUE(WaitFor([&] { return fake_->sessions() >= 2 && fake_->Subscribed().contains(btc); }));
  EXPECT_TRUE(Deliver(sink, btc, 101.75));
  EXPECT_GE(streamer.Sessions(GetParam()), 2u);
}

TEST_P(MarkStreamerTest, SilentStreamIsStaleThenReconnects) {
  RecordingSink sink;
  MarkStreamer streamer(Options(), &sink);
  const std::string btc = SymbolOf(GetParam());
  const std::string venue(ToString(GetParam()));
  WatchAndWait(streamer, {btc});
  ASSERT_TRUE(Deliver(sink, btc, 50.5));
  const double fallbacks_before = Counter("baro_stream_fallbacks_total", {"venue"}, {venue});
  fake_->SetSilent(true);
  const double stale_before =
      Counter("baro_stream_lookups_total", {"venue", "result"}, {venue, "stale"});
  // Nothing for longer than stale_after_ms (400): the caller is told to use the REST mark.
  ASSERT_TRUE(WaitFor([&] { return streamer.Lookup(GetParam(), btc).state == MarkState::kStale; }));
  EXPECT_GT(Counter("baro_stream_lookups_total", {"venue", "result"}, {venue, "stale"}),
            stale_before);
  // /metrics says so: the pair falls back to REST marks (a sweep every stale_after_ms / 2).
  EXPECT_TRUE(WaitFor([&] {
    return Counter("baro_stream_fallbacks_total", {"venue"}, {venue}) > fallbacks_before &&
           metrics::Default()
                   .Gauge("baro_stream_symbols_on_rest", "", {"venue"})
                   .With({venue})
                   .Value() == 1;
  }));
  // Past silence_reconnect_ms (1500) the connection is replaced.
  ASSERT_TRUE(WaitFor([&] { return fake_->sessions() >= 2; }));
  fake_->SetSilent(false);
  ASSERT_TRUE(WaitFor([&] { return fake_->Subscribed().contains(btc); }));
  ASSERT_TRUE(Deliver(sink, btc, 51.5));
  EXPECT_EQ(streamer.Lookup(GetParam(), btc).state, MarkState::kFresh);
}

TEST_P(MarkStreamerTest, AStreamThatAnswersPingsButSendsNoMarksIsReconnected) {
  RecordingSink sink;
  StreamerOptions options = Options();
  options.connection.silence_reconnect_ms = 60'000;  // pongs keep it from ever being silent
  options.connection.no_marks_reconnect_ms = 800;    // stream.stale_after_ms in production
  MarkStreamer streamer(options, &sink);
  const std::string btc = SymbolOf(GetParam());
  const std::string venue(ToString(GetParam()));
  WatchAndWait(streamer, {btc});
  ASSERT_TRUE(Deliver(sink, btc, 70.5));
  const double markless_before = Counter("baro_stream_markless_closes_total", {"venue"}, {venue});
  const double silent_before = Counter("baro_stream_silent_closes_total", {"venue"}, {venue});
  const int pings_before = fake_->pings();
  fake_->SetNoMarks(true);
  ASSERT_TRUE(WaitFor([&] { return fake_->sessions() >= 2; }));
  EXPECT_EQ(Counter("baro_stream_markless_closes_total", {"venue"}, {venue}), markless_before + 1);
  EXPECT_EQ(Counter("baro_stream_silent_closes_total", {"venue"}, {venue}), silent_before);
  // Every client-pinging venue was answered meanwhile (Binance pings from its side).
  if (GetParam() != Venue::kBinance) {
    EXPECT_GT(fake_->pings(), pings_before);
  }
  fake_->SetNoMarks(false);
  ASSERT_TRUE(WaitFor([&] { return fake_->Subscribed().contains(btc); }));
  EXPECT_TRUE(Deliver(sink, btc, 71.5));
}

TEST_P(MarkStreamerTest, FollowsSubscriptionChanges) {
  RecordingSink sink;
  MarkStreamer streamer(Options(), &sink);
  const std::string a = SymbolOf(GetParam(), 1), b = SymbolOf(GetParam(), 2),
                    c = SymbolOf(GetParam(), 3);
  WatchAndWait(streamer, {a, b});
  WatchAndWait(streamer, {b, c});
  EXPECT_EQ(streamer.Lookup(GetParam(), a).state, MarkState::kAbsent);
  ASSERT_TRUE(Deliver(sink, c, 7.5));
  WatchAndWait(streamer, {});
  EXPECT_EQ(fake_->sessions(), 1);  // changes travel on the open connection
}

TEST_P(MarkStreamerTest, MalformedFrameIsCountedAndSkipped) {
  RecordingSink sink;
  MarkStreamer streamer(Options(), &sink);
  const std::string btc = SymbolOf(GetParam());
  const std::string venue(ToString(GetParam()));
  WatchAndWait(streamer, {btc});
  const double before =
      Counter("baro_stream_frames_total", {"venue", "kind"}, {venue, "malformed"});
  fake_->SendRaw(R"({"truncated": )");
  ASSERT_TRUE(WaitFor([&] {
    return Counter("baro_stream_frames_total", {"venue", "kind"}, {venue, "malformed"}) ==
           before + 1;
  }));
  EXPECT_TRUE(Deliver(sink, btc, 9.25));
  EXPECT_EQ(fake_->sessions(), 1);
}

INSTANTIATE_TEST_SUITE_P(AllVenues, MarkStreamerTest,
                         ::testing::Values(Venue::kHyperliquid, Venue::kBinance, Venue::kBybit,
                                           Venue::kOkx, Venue::kBitget, Venue::kGate,
                                           Venue::kKucoin),
                         [](const auto& info) { return std::string(ToString(info.param)); });

class KucoinTokenTest : public MarkStreamerTest {};

// Each connection asks for a fresh public token first (POST /api/v1/bullet-public, no key) and
// connects to the address that came with it; the fake refuses an upgrade without its token.
TEST_P(KucoinTokenTest, EachConnectionFetchesAToken) {
  RecordingSink sink;
  MarkStreamer streamer(Options(), &sink);
  WatchAndWait(streamer, {"XBTUSDTM"});
  EXPECT_EQ(fake_->token_requests(), 1);
  fake_->DropAll();
  ASSERT_TRUE(WaitFor([&] { return fake_->sessions() == 2; }));
  EXPECT_EQ(fake_->token_requests(), 2);
}

INSTANTIATE_TEST_SUITE_P(Kucoin, KucoinTokenTest, ::testing::Values(Venue::kKucoin),
                         [](const auto& info) { return std::string(ToString(info.param)); });

class ConnectionLimitTest : public MarkStreamerTest {};

// Bitget recommends fewer than 50 channels per connection: 60 symbols take two connections.
TEST_P(ConnectionLimitTest, SymbolsAreSpreadOverConnectionsAtTheVenueLimit) {
  RecordingSink sink;
  MarkStreamer streamer(Options(), &sink);
  std::set<std::string> sixty;
  for (int i = 1; i <= 60; ++i) sixty.insert(SymbolOf(Venue::kBitget, i));
  WatchAndWait(streamer, sixty);
  const auto per_connection = streamer.ConnectionSymbols(Venue::kBitget);
  ASSERT_EQ(per_connection.size(), 2u);
  EXPECT_EQ(per_connection[0].size(), 50u);
  EXPECT_EQ(per_connection[1].size(), 10u);
  EXPECT_TRUE(WaitFor([&] { return fake_->open_sessions() == 2; }));
}

// Bitget takes at most 10 messages a second per connection (pings included;
// https://www.bitget.com/api-doc/common/websocket-intro): symbols watched one after another, each
// its own subscribe request, never put more than 10 frames into any second on the wire.
TEST_P(ConnectionLimitTest, RequestsStayWithinTheVenuesMessagesPerSecond) {
  RecordingSink sink;
  MarkStreamer streamer(Options(), &sink);  // pings every 100 ms: 10 a second on their own
  std::set<std::string> watched;
  const std::string venue(ToString(GetParam()));
  const double deferred_before = Counter("baro_stream_requests_deferred_total", {"venue"}, {venue});
  for (int i = 1; i <= 25; ++i) {
    watched.insert(SymbolOf(Venue::kBitget, i));
    WatchAndWait(streamer, watched);
  }
  // Counted as received, in windows of 800 ms: the pacer holds a second on the sending side, and
  // the rest is room for delivery jitter on a loaded machine (without the pacer: 28).
  const auto frames = fake_->ClientFrames();
  int subscriptions = 0;
  std::size_t most = 0;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    subscriptions += frames[i].subscription ? 1 : 0;
    std::size_t in_second = 0;
    for (std::size_t j = i; j < frames.size() && frames[j].at_ms < frames[i].at_ms + 800; ++j)
      ++in_second;
    most = std::max(most, in_second);
  }
  EXPECT_EQ(subscriptions, 25);
  EXPECT_LE(most, 10u);
  EXPECT_GT(Counter("baro_stream_requests_deferred_total", {"venue"}, {venue}), deferred_before);
}

INSTANTIATE_TEST_SUITE_P(Bitget, ConnectionLimitTest, ::testing::Values(Venue::kBitget),
                         [](const auto& info) { return std::string(ToString(info.param)); });

}  // namespace
}  // namespace baro::stream
