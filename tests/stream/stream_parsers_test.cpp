// The venues' stream frames, parsed: each venue's documented sample (tests/stream/testdata, copied
// from the pages cited beside each test) gives the mark the venue printed there; control frames
// (acknowledgements, pongs, greetings) give none; refusals are venue errors; anything else is
// malformed and yields no mark.
#include <gtest/gtest.h>

#include "stream/venues/venue_streams.h"
#include "support/temp_dir.h"

namespace baro::stream {
namespace {

using Kind = ParsedFrame::Kind;

std::string Sample(const std::string& name) {
  return testing::ReadFile(std::string(BARO_SOURCE_DIR) + "/tests/stream/testdata/" + name);
}

void ExpectOneMark(const ParsedFrame& f, const std::string& symbol, double mark,
                   std::int64_t time_ms) {
  ASSERT_EQ(f.kind, Kind::kMarks) << f.detail;
  ASSERT_EQ(f.marks.size(), 1u);
  EXPECT_EQ(f.marks[0].symbol, symbol);
  ASSERT_TRUE(f.marks[0].mark.has_value());
  EXPECT_DOUBLE_EQ(*f.marks[0].mark, mark);
  EXPECT_EQ(f.marks[0].venue_time_ms, time_ms);
}

// https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams/Mark-Price-Stream
TEST(StreamParsers, BinanceMarkPriceUpdate) {
  ExpectOneMark(ParseBinanceFrame(Sample("binance-ws-markPrice-arr.json")), "BTCUSDT",
                11185.87786614, 1562305380000);
  const std::string single =
      R"({"e":"markPriceUpdate","E":1562305380000,"s":"BTCUSDT","p":"11794.15000000",)"
      R"("i":"11784.62659091","P":"11784.25641265","r":"0.00038167","T":1562306400000})";
  ExpectOneMark(ParseBinanceFrame(single), "BTCUSDT", 11794.15, 1562305380000);
  // A combined stream wraps the payload.
  ExpectOneMark(ParseBinanceFrame(R"({"stream":"btcusdt@markPrice@1s","data":)" + single + "}"),
                "BTCUSDT", 11794.15, 1562305380000);
  EXPECT_EQ(ParseBinanceFrame(R"({"result":null,"id":1})").kind, Kind::kControl);
  EXPECT_EQ(ParseBinanceFrame(R"({"error":{"code":2,"msg":"Invalid request"},"id":1})").kind,
            Kind::kError);
  EXPECT_EQ(ParseBinanceFrame(R"({"e":"markPriceUpdate","s":"BTCUSDT","p":"-1"})").kind,
            Kind::kMalformed);
  EXPECT_EQ(ParseBinanceFrame(R"({"e":"markPriceUpdate","s":"BTCUSDT"})").kind, Kind::kMalformed);
}

// https://bybit-exchange.github.io/docs/v5/websocket/public/ticker
TEST(StreamParsers, BybitTickerSnapshotAndDelta) {
  ExpectOneMark(ParseBybitFrame(Sample("bybit-ws-ticker-linear.json")), "BTCUSDT", 66666.60,
                1760325052630);
  // A delta without markPrice: the mark has not changed; the symbol is still reported alive.
  const auto delta = ParseBybitFrame(
      R"({"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT","bid1Price":"1"},"cs":2,"ts":1760325052730})");
  ASSERT_EQ(delta.kind, Kind::kMarks);
  ASSERT_EQ(delta.marks.size(), 1u);
  EXPECT_FALSE(delta.marks[0].mark.has_value());
  EXPECT_EQ(
      ParseBybitFrame(R"({"success":true,"ret_msg":"pong","conn_id":"c","req_id":"1","op":"ping"})")
          .kind,
      Kind::kControl);
  EXPECT_EQ(
      ParseBybitFrame(
          R"({"success":false,"ret_msg":"error:handler not found","conn_id":"c","op":"subscribe"})")
          .kind,
      Kind::kError);
  EXPECT_EQ(ParseBybitFrame(R"({"topic":"tickers.BTCUSDT","data":{"markPrice":"x"}})").kind,
            Kind::kMalformed);
}

// https://www.okx.com/docs-v5/en/#public-data-websocket-mark-price-channel
TEST(StreamParsers, OkxMarkPrice) {
  ExpectOneMark(ParseOkxFrame(Sample("okx-ws-mark-price.json")), "BTC-USDT-SWAP", 110562.0,
                1762079224447);
  EXPECT_EQ(ParseOkxFrame("pong").kind, Kind::kControl);
  EXPECT_EQ(
      ParseOkxFrame(
          R"({"event":"subscribe","arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"connId":"a4d3ae55"})")
          .kind,
      Kind::kControl);
  EXPECT_EQ(
      ParseOkxFrame(R"({"event":"error","code":"60012","msg":"Invalid request","connId":"a"})")
          .kind,
      Kind::kError);
  EXPECT_EQ(ParseOkxFrame(R"({"arg":{"channel":"mark-price"},"data":[{"instId":"X"}]})").kind,
            Kind::kMalformed);
}

// https://www.bitget.com/api-doc/contract/websocket/public/Tickers-Channel (the demo-trading page
// prints this sample: https://www.bitget.com/api-doc/common/demotrading/websocket)
TEST(StreamParsers, BitgetTicker) {
  ExpectOneMark(ParseBitgetFrame(Sample("bitget-ws-ticker.json")), "SBTCSUSDT", 27000.0,
                1695715383021);
  EXPECT_EQ(ParseBitgetFrame("pong").kind, Kind::kControl);
  EXPECT_EQ(
      ParseBitgetFrame(R"({"event":"error","code":30001,"msg":"instType:X doesn't exist"})").kind,
      Kind::kError);
  EXPECT_EQ(ParseBitgetFrame(R"({"arg":{"channel":"ticker"},"data":[{"markPrice":"1"}]})").kind,
            Kind::kMalformed);
}

// https://www.gate.io/docs/developers/futures/ws/en/#tickers-api
TEST(StreamParsers, GateTickers) {
  // The sample carries "time" in seconds only.
  ExpectOneMark(ParseGateFrame(Sample("gate-ws-futures-tickers.json")), "BTC_USD", 118.35,
                1541659086LL * 1000);
  EXPECT_EQ(
      ParseGateFrame(
          R"({"time":1545404023,"channel":"futures.pong","event":"","error":null,"result":null})")
          .kind,
      Kind::kControl);
  EXPECT_EQ(
      ParseGateFrame(
          R"({"time":1,"channel":"futures.tickers","event":"subscribe","error":{"code":2,"message":"unknown contract"},"result":null})")
          .kind,
      Kind::kError);
  EXPECT_EQ(ParseGateFrame(R"({"channel":"futures.tickers","event":"update","result":{}})").kind,
            Kind::kMalformed);
}

// https://www.kucoin.com/docs/websocket/futures-trading/public-channels/mark-price and the token
// answer of .../apply-connect-token/public-token-no-authentication-required
TEST(StreamParsers, KucoinMarkAndToken) {
  ExpectOneMark(ParseKucoinFrame(Sample("kucoin-ws-instrument-mark.json")), "XBTUSDTM", 90445.02,
                1731899129000);
  EXPECT_EQ(ParseKucoinFrame(R"({"id":"hQvf8jkno","type":"welcome"})").kind, Kind::kControl);
  EXPECT_EQ(ParseKucoinFrame(R"({"id":"1545910660739","type":"ack"})").kind, Kind::kControl);
  EXPECT_EQ(
      ParseKucoinFrame(
          R"({"topic":"/contract/instrument:XBTUSDTM","type":"message","subject":"funding.rate","data":{"fundingRate":0.0001}})")
          .kind,
      Kind::kControl);
  EXPECT_EQ(
      ParseKucoinFrame(
          R"({"id":"1","type":"error","code":509,"data":"exceed max subscription count limitation of 300 per session"})")
          .kind,
      Kind::kError);
  auto bullet = ParseKucoinBullet(Sample("kucoin-bullet-public.json"));
  ASSERT_TRUE(bullet.ok()) << bullet.error().message;
  EXPECT_EQ(bullet->endpoint, "wss://ws-api-futures.kucoin.com/");
  EXPECT_TRUE(bullet->token.starts_with("2neAiuYv"));
  EXPECT_EQ(bullet->ping_interval_ms, 18000);
  EXPECT_EQ(bullet->ping_timeout_ms, 10000);
  EXPECT_FALSE(ParseKucoinBullet(R"({"code":"429000","msg":"Too Many Requests"})").ok());
}

// https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket/subscriptions
TEST(StreamParsers, HyperliquidActiveAssetCtx) {
  ExpectOneMark(ParseHyperliquidFrame(Sample("hyperliquid-ws-activeAssetCtx.json")), "BTC", 14.3161,
                0);
  EXPECT_EQ(ParseHyperliquidFrame("Websocket connection established.").kind, Kind::kControl);
  EXPECT_EQ(ParseHyperliquidFrame(R"({"channel":"pong"})").kind, Kind::kControl);
  EXPECT_EQ(
      ParseHyperliquidFrame(R"({"channel":"allMids","data":{"mids":{"BTC":"30135.0"}}})").kind,
      Kind::kControl);
  EXPECT_EQ(
      ParseHyperliquidFrame(R"({"channel":"activeAssetCtx","data":{"coin":"BTC","ctx":{}}})").kind,
      Kind::kMalformed);
}

TEST(StreamParsers, GarbageIsMalformedEverywhere) {
  for (auto parse : {ParseHyperliquidFrame, ParseBinanceFrame, ParseBybitFrame, ParseOkxFrame,
                     ParseBitgetFrame, ParseGateFrame, ParseKucoinFrame}) {
    for (std::string_view text : {"", "{", "[1,2", "\x01\x02", "null", "42"}) {
      const auto f = parse(text);
      EXPECT_EQ(f.kind, Kind::kMalformed) << text;
      EXPECT_TRUE(f.marks.empty());
    }
  }
}

// The subscribe frames each venue documents, built for two symbols.
TEST(StreamParsers, SubscribeFramesFollowTheDocs) {
  const std::vector<std::string> two = {"BTCUSDT", "ETHUSDT"};
  StreamEndpoints endpoints;
  auto binance = MakeVenueHook(Venue::kBinance, endpoints);
  EXPECT_EQ(
      binance->Subscribe(two, 0),
      std::vector<std::string>{
          R"({"method":"SUBSCRIBE","params":["btcusdt@markPrice@1s","ethusdt@markPrice@1s"],"id":1})"});
  auto bybit = MakeVenueHook(Venue::kBybit, endpoints);
  EXPECT_EQ(
      bybit->Unsubscribe(two, 0),
      std::vector<std::string>{
          R"({"req_id":"1","op":"unsubscribe","args":["tickers.BTCUSDT","tickers.ETHUSDT"]})"});
  auto okx = MakeVenueHook(Venue::kOkx, endpoints);
  EXPECT_EQ(
      okx->Subscribe(std::vector<std::string>{"BTC-USDT-SWAP"}, 0),
      std::vector<std::string>{
          R"({"op":"subscribe","args":[{"channel":"mark-price","instId":"BTC-USDT-SWAP"}]})"});
  auto bitget = MakeVenueHook(Venue::kBitget, endpoints);
  EXPECT_EQ(
      bitget->Subscribe(std::vector<std::string>{"BTCUSDT"}, 0),
      std::vector<std::string>{
          R"({"op":"subscribe","args":[{"instType":"USDT-FUTURES","channel":"ticker","instId":"BTCUSDT"}]})"});
  auto gate = MakeVenueHook(Venue::kGate, endpoints);
  EXPECT_EQ(
      gate->Subscribe(std::vector<std::string>{"BTC_USDT"}, 1545404023000),
      std::vector<std::string>{
          R"({"time":1545404023,"id":1,"channel":"futures.tickers","event":"subscribe","payload":["BTC_USDT"]})"});
  auto kucoin = MakeVenueHook(Venue::kKucoin, endpoints);
  EXPECT_EQ(
      kucoin->Subscribe(std::vector<std::string>{"XBTUSDTM", "ETHUSDTM"}, 0),
      std::vector<std::string>{
          R"({"id":"1","type":"subscribe","topic":"/contract/instrument:XBTUSDTM,ETHUSDTM","response":true})"});
  // HyperLiquid: one subscription per coin.
  auto hl = MakeVenueHook(Venue::kHyperliquid, endpoints);
  EXPECT_EQ(
      hl->Subscribe(std::vector<std::string>{"BTC", "ETH"}, 0),
      (std::vector<std::string>{
          R"({"method":"subscribe","subscription":{"type":"activeAssetCtx","coin":"BTC"}})",
          R"({"method":"subscribe","subscription":{"type":"activeAssetCtx","coin":"ETH"}})"}));
}

// Frames are cut at the venue's per-message limit: Bitget takes 50 args per request here, so
// 120 symbols need 3 frames (50 + 50 + 20).
TEST(StreamParsers, SubscriptionsAreChunkedPerMessageLimit) {
  std::vector<std::string> many;
  for (int i = 0; i < 120; ++i) many.push_back("S" + std::to_string(i) + "USDT");
  auto bitget = MakeVenueHook(Venue::kBitget, StreamEndpoints{});
  ASSERT_EQ(bitget->limits().symbols_per_message, 50u);
  EXPECT_EQ(bitget->Subscribe(many, 0).size(), 3u);
}

}  // namespace
}  // namespace baro::stream
