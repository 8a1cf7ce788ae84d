// Gate USDT futures "futures.tickers" channel, contracts listed in the payload.
//   https://www.gate.io/docs/developers/futures/ws/en/#tickers-api:
//   {"time":<s>,"channel":"futures.tickers","event":"subscribe","payload":["BTC_USDT"]}, answered
//   with "event":"subscribe" and "result":{"status":"success"}; push
//   {"time":..,"time_ms":..,"channel":"futures.tickers","event":"update","error":null,
//    "result":[{"contract":"BTC_USD",..,"mark_price":"118.35",..}]}.
//   https://www.gate.io/docs/developers/futures/ws/en/#ping-and-pong:
//   {"time":<s>,"channel":"futures.ping"} answered by "futures.pong". A refused request carries
//   "error":{"code":..,"message":..}.
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "stream/venues/frame_json.h"
#include "stream/venues/venue_streams.h"

namespace baro::stream {
namespace {

class GateHook final : public VenueHook {
 public:
  explicit GateHook(std::string url) : url_(std::move(url)) {}
  Venue venue() const override { return Venue::kGate; }
  StreamLimits limits() const override {
    // Gate publishes no cap per connection; lists of 100 contracts per request are common.
    return {.symbols_per_connection = 200, .symbols_per_message = 100, .connections = 8};
  }
  Result<ConnectTarget> Target(net::HttpClient&) override { return ConnectTarget{url_, 0}; }
  std::optional<std::string> Ping(std::int64_t now_ms) override {
    return boost::json::serialize(
        boost::json::object{{"time", now_ms / 1000}, {"channel", "futures.ping"}});
  }
  ParsedFrame Parse(std::string_view text) const override { return ParseGateFrame(text); }

 protected:
  std::string SubscribeFrame(std::span<const std::string> symbols, bool subscribe,
                             std::int64_t now_ms) override {
    boost::json::array payload;
    for (const auto& s : symbols) payload.emplace_back(s);
    return boost::json::serialize(
        boost::json::object{{"time", now_ms / 1000},
                            {"id", NextId()},
                            {"channel", "futures.tickers"},
                            {"event", subscribe ? "subscribe" : "unsubscribe"},
                            {"payload", payload}});
  }

 private:
  std::string url_;
};

}  // namespace

ParsedFrame ParseGateFrame(std::string_view text) {
  auto v = frame::ParseJson(text);
  if (!v || !v->is_object()) return ParsedFrame::Malformed("not a JSON object");
  const auto& obj = v->as_object();
  if (const auto* error = obj.if_contains("error"); error != nullptr && !error->is_null()) {
    return ParsedFrame::VenueError("error " + std::to_string(frame::TimeMs(*error, "code")) + ": " +
                                   frame::Text(*error, "message"));
  }
  const std::string channel = frame::Text(*v, "channel");
  if (channel.empty()) return ParsedFrame::Malformed("no channel");
  if (channel != "futures.tickers" || frame::Text(*v, "event") != "update") {
    return ParsedFrame::Control();
  }
  const auto* result = obj.if_contains("result");
  if (result == nullptr || !result->is_array()) return ParsedFrame::Malformed("no result list");
  std::int64_t time_ms = frame::TimeMs(*v, "time_ms");
  if (time_ms == 0) time_ms = frame::TimeMs(*v, "time") * 1000;
  ParsedFrame out{ParsedFrame::Kind::kMarks, {}, {}};
  for (const auto& item : result->as_array()) {
    bool bad = false;
    auto mark = frame::Price(item, "mark_price", bad);
    std::string symbol = frame::Text(item, "contract");
    if (bad || symbol.empty()) return ParsedFrame::Malformed("bad ticker item");
    out.marks.push_back({std::move(symbol), mark, time_ms});
  }
  if (out.marks.empty()) return ParsedFrame::Control();
  return out;
}

std::unique_ptr<VenueHook> MakeGateHook(std::string url) {
  return std::make_unique<GateHook>(std::move(url));
}

}  // namespace baro::stream
