// Bitget v2 public "ticker" channel for USDT-FUTURES, one argument per symbol (instId).
//   https://www.bitget.com/api-doc/contract/websocket/public/Tickers-Channel:
//   {"op":"subscribe","args":[{"instType":"USDT-FUTURES","channel":"ticker","instId":"BTCUSDT"}]};
//   push {"action":"snapshot","arg":{..},"data":[{"instId",..,"markPrice",..,"ts"}],"ts":..}.
//   https://www.bitget.com/api-doc/common/websocket-intro: send the text "ping" every 30 s (answer
//   "pong"); the server drops a connection after 2 minutes without one. At most 240 subscribe
//   operations an hour and 1000 channels per connection (fewer than 50 recommended), 10 messages a
//   second, 100 connections per address. Errors: {"event":"error","code":..,"msg":..}.
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "stream/venues/frame_json.h"
#include "stream/venues/venue_streams.h"

namespace baro::stream {
namespace {

class BitgetHook final : public VenueHook {
 public:
  explicit BitgetHook(std::string url) : url_(std::move(url)) {}
  Venue venue() const override { return Venue::kBitget; }
  StreamLimits limits() const override {
    return {.symbols_per_connection = 50,
            .symbols_per_message = 50,
            .connections = 8,
            .max_ping_interval_ms = 30'000,
            .subscribe_requests_per_hour = 240,
            .messages_per_second = 10};
  }
  Result<ConnectTarget> Target(net::HttpClient&) override { return ConnectTarget{url_, 0}; }
  std::optional<std::string> Ping(std::int64_t) override { return "ping"; }
  ParsedFrame Parse(std::string_view text) const override { return ParseBitgetFrame(text); }

 protected:
  std::string SubscribeFrame(std::span<const std::string> symbols, bool subscribe,
                             std::int64_t) override {
    boost::json::array args;
    for (const auto& s : symbols) {
      args.emplace_back(
          boost::json::object{{"instType", "USDT-FUTURES"}, {"channel", "ticker"}, {"instId", s}});
    }
    return boost::json::serialize(
        boost::json::object{{"op", subscribe ? "subscribe" : "unsubscribe"}, {"args", args}});
  }

 private:
  std::string url_;
};

}  // namespace

ParsedFrame ParseBitgetFrame(std::string_view text) {
  if (text == "pong") return ParsedFrame::Control();
  auto v = frame::ParseJson(text);
  if (!v || !v->is_object()) return ParsedFrame::Malformed("not a JSON object");
  const std::string event = frame::Text(*v, "event");
  if (event == "error") {
    return ParsedFrame::VenueError("error " + std::to_string(frame::TimeMs(*v, "code")) + ": " +
                                   frame::Text(*v, "msg"));
  }
  if (!event.empty()) return ParsedFrame::Control();
  const auto* arg = v->as_object().if_contains("arg");
  if (arg == nullptr) return ParsedFrame::Malformed("no arg");
  if (frame::Text(*arg, "channel") != "ticker") return ParsedFrame::Control();
  const auto* data = v->as_object().if_contains("data");
  if (data == nullptr || !data->is_array()) return ParsedFrame::Malformed("no data");
  ParsedFrame out{ParsedFrame::Kind::kMarks, {}, {}};
  for (const auto& item : data->as_array()) {
    bool bad = false;
    auto mark = frame::Price(item, "markPrice", bad);
    std::string symbol = frame::Text(item, "instId");
    if (bad || symbol.empty()) return ParsedFrame::Malformed("bad ticker item");
    out.marks.push_back({std::move(symbol), mark, frame::TimeMs(item, "ts")});
  }
  if (out.marks.empty()) return ParsedFrame::Control();
  return out;
}

std::unique_ptr<VenueHook> MakeBitgetHook(std::string url) {
  return std::make_unique<BitgetHook>(std::move(url));
}

}  // namespace baro::stream
