// HyperLiquid "activeAssetCtx", one subscription per coin (the true mark, markPx; allMids carries
// mid prices only).
//   https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket/subscriptions:
//   {"method":"subscribe","subscription":{"type":"activeAssetCtx","coin":"BTC"}} acknowledged by
//   {"channel":"subscriptionResponse","data":..}; push
//   {"channel":"activeAssetCtx","data":{"coin":"BTC","ctx":{..,"markPx":"14.3161",..}}}.
//   https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket/timeouts-and-heartbeats:
//   the server closes a connection that has sent nothing for 60 s; {"method":"ping"} is answered
//   {"channel":"pong"}.
//   https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/rate-limits: at most 1000
//   subscriptions and 10 to 100 connections per address (the figure varies between copies; 10 is
//   kept).
#include <boost/json/serialize.hpp>

#include "stream/venues/frame_json.h"
#include "stream/venues/venue_streams.h"

namespace baro::stream {
namespace {

class HyperliquidHook final : public VenueHook {
 public:
  explicit HyperliquidHook(std::string url) : url_(std::move(url)) {}
  Venue venue() const override { return Venue::kHyperliquid; }
  StreamLimits limits() const override {
    // Each coin is one subscription frame.
    return {.symbols_per_connection = 100,
            .symbols_per_message = 1,
            .connections = 10,
            .symbols_total = 1000,
            .max_ping_interval_ms = 60'000};
  }
  Result<ConnectTarget> Target(net::HttpClient&) override { return ConnectTarget{url_, 0}; }
  std::optional<std::string> Ping(std::int64_t) override { return R"({"method":"ping"})"; }
  ParsedFrame Parse(std::string_view text) const override { return ParseHyperliquidFrame(text); }

 protected:
  std::string SubscribeFrame(std::span<const std::string> symbols, bool subscribe,
                             std::int64_t) override {
    return boost::json::serialize(boost::json::object{
        {"method", subscribe ? "subscribe" : "unsubscribe"},
        {"subscription",
         boost::json::object{{"type", "activeAssetCtx"},
                             {"coin", symbols.empty() ? std::string() : symbols.front()}}}});
  }

 private:
  std::string url_;
};

}  // namespace

ParsedFrame ParseHyperliquidFrame(std::string_view text) {
  // The server's greeting is plain text.
  if (text == "Websocket connection established.") return ParsedFrame::Control();
  auto v = frame::ParseJson(text);
  if (!v || !v->is_object()) return ParsedFrame::Malformed("not a JSON object");
  const std::string channel = frame::Text(*v, "channel");
  if (channel.empty()) return ParsedFrame::Malformed("no channel");
  const auto* data = v->as_object().if_contains("data");
  if (channel == "error") {
    return ParsedFrame::VenueError(data != nullptr && data->is_string()
                                       ? std::string(data->as_string())
                                       : std::string("error"));
  }
  if (channel != "activeAssetCtx") return ParsedFrame::Control();
  if (data == nullptr) return ParsedFrame::Malformed("no data");
  const auto* ctx = data->is_object() ? data->as_object().if_contains("ctx") : nullptr;
  std::string coin = frame::Text(*data, "coin");
  if (ctx == nullptr || coin.empty()) return ParsedFrame::Malformed("no coin or ctx");
  bool bad = false;
  auto mark = frame::Price(*ctx, "markPx", bad);
  if (bad || !mark) return ParsedFrame::Malformed("bad markPx");
  return {ParsedFrame::Kind::kMarks, {{std::move(coin), mark, 0}}, {}};
}

std::unique_ptr<VenueHook> MakeHyperliquidHook(std::string url) {
  return std::make_unique<HyperliquidHook>(std::move(url));
}

}  // namespace baro::stream
