// End to end through `baro serve` with stream.enabled: a hand-entered Binance position is checked
// once (the check interval is an hour), then its mark moves on the Binance mark-price stream
// (a loopback fake of wss://fstream.binance.com over real TLS) to within 2 % of its liquidation
// price. The alert must reach Telegram from the stream alone, before any further check
// (worker/tick_assessor.h, docs/streams.md).
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <chrono>

#include "app/api_session.h"
#include "app/e2e_setup.h"
#include "fakes/stream/fake_stream_server.h"
#include "support/child.h"
#include "support/temp_dir.h"
#include "support/tls_cert.h"

namespace baro {
namespace {

using namespace std::chrono_literals;
using testing::ApiSession;
using testing::WaitUntil;
constexpr char kBotToken[] = "4243:e2e-stream-bot-token";
constexpr std::int64_t kChat = 880077;

std::int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST(StreamE2E, AStreamedMarkNearLiquidationAlertsBeforeTheNextCheck) {
  testing::TempDir dir;
  const auto tls = testing::MakeSelfSignedCert(dir.path().string());
  fakes::FakeStreamServer stream(Venue::kBinance, tls.cert_file, tls.key_file);
  ASSERT_TRUE(stream.Start().ok());
  testing::E2eFakes fakes(kBotToken);
  ASSERT_TRUE(fakes.Start());
  fakes.binance.SetMark("BTCUSDT", 100000);
  auto env = fakes.Environment(dir.File("data"));
  env["BARO_STREAM_ENABLED"] = "true";
  env["BARO_STREAM_BINANCE_URL"] = stream.Url();
  env["BARO_EGRESS_CA_FILE"] = tls.cert_file;  // the fakes over plain HTTP are not affected
  env["BARO_WORKER_CHECK_INTERVAL_S"] = "3600";
  env["BARO_WORKER_TICK_MIN_INTERVAL_MS"] = "100";
  testing::Child serve({BARO_BINARY, "serve"}, env, dir.File("serve.log"));
  auto line = serve.WaitForLine("Baro is running at ", 30s);
  ASSERT_TRUE(line.has_value()) << testing::ReadFile(dir.File("serve.log"));
  ApiSession api(line->substr(line->find("http://")));
  ASSERT_TRUE(
      testing::SignUpPremiumLinked(api, "streamer@example.com", env, fakes.telegram, kChat));

  // A 3x isolated long of 0.1 BTC at 100,000: Baro's estimate puts its liquidation at
  // (100,000 − 100,000 / 3) / (1 − 0.004) = 66,934.4 (Binance's 0.4 % first maintenance step).
  int status = 0;
  api.Call(
      "POST", "/api/v1/manual-positions",
      R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":100000,"size":0.1,"leverage":3,"margin_mode":"isolated"})",
      &status);
  ASSERT_EQ(status, 201);
  std::int64_t first_check = 0;
  ASSERT_TRUE(WaitUntil(
      [&] {
        auto v = api.Call("GET", "/api/v1/positions");
        const auto& list = v.as_object().at("positions").as_array();
        if (list.empty()) return false;
        first_check = list[0].as_object().at("observed_at").as_int64();
        return true;
      },
      20s));
  // After that check the worker streams the position's symbol.
  ASSERT_TRUE(WaitUntil(
      [&] {
        return stream.Subscribed().count("btcusdt") > 0 || stream.Subscribed().count("BTCUSDT") > 0;
      },
      20s))
      << testing::ReadFile(dir.File("serve.log"));
  const std::size_t sent_before = fakes.telegram.Sent().size();
  const std::int64_t pushed_from = WallMs();

  // 2 % above the liquidation price: emergency. Pushed until Telegram has the alert (a push can
  // race the subscription's acknowledgement).
  const double liquidation = (100000 - 100000.0 / 3) / (1 - 0.004);
  const double mark = liquidation / (1 - 0.02);
  ASSERT_TRUE(WaitUntil(
      [&] {
        stream.PushMark("BTCUSDT", mark);
        return fakes.telegram.Sent().size() > sent_before;
      },
      20s))
      << testing::ReadFile(dir.File("serve.log"));
  const auto text = fakes.telegram.Sent().back().text;
  EXPECT_NE(text.find("BTC"), std::string::npos) << text;

  auto v = api.Call("GET", "/api/v1/positions");
  const auto& p = v.as_object().at("positions").as_array().at(0).as_object();
  EXPECT_EQ(p.at("level").as_string(), "emergency");
  EXPECT_NEAR(p.at("mark_price").as_double(), mark, 0.01);
  // Judged on the stream: the snapshot is newer than the one check that ran, and says its mark
  // came from the stream, when it arrived.
  EXPECT_GT(p.at("observed_at").as_int64(), first_check);
  ASSERT_TRUE(p.at("mark_streamed_at").is_int64()) << boost::json::serialize(p);
  EXPECT_GE(p.at("mark_streamed_at").as_int64(), pushed_from);
  EXPECT_LE(p.at("mark_streamed_at").as_int64(), p.at("observed_at").as_int64());
  serve.Stop();
}

}  // namespace
}  // namespace baro
