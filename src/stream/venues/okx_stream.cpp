// OKX v5 public "mark-price" channel, one argument per instrument (instId).
//   https://www.okx.com/docs-v5/en/#public-data-websocket-mark-price-channel:
//   {"op":"subscribe","args":[{"channel":"mark-price","instId":"BTC-USDT-SWAP"}]} acknowledged
//   {"event":"subscribe","arg":{..},"connId":..}; push
//   {"arg":{"channel":"mark-price","instId":..},"data":[{"instType","instId","markPx","ts"}]}.
//   https://www.okx.com/docs-v5/en/#overview-websocket-connect: a connection without data for
//   30 s is closed; the client sends the text "ping" and gets "pong". 480 (un)subscribe
//   operations per hour per connection; a request's args at most 64 KB. Errors:
//   {"event":"error","code":"60012","msg":..}.
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "stream/venues/frame_json.h"
#include "stream/venues/venue_streams.h"

namespace baro::stream {
namespace {

class OkxHook final : public VenueHook {
 public:
  explicit OkxHook(std::string url) : url_(std::move(url)) {}
  Venue venue() const override { return Venue::kOkx; }
  StreamLimits limits() const override {
    return {.symbols_per_connection = 200,
            .symbols_per_message = 100,
            .connections = 8,
            .max_ping_interval_ms = 30'000,
            .subscribe_requests_per_hour = 480};
  }
  Result<ConnectTarget> Target(net::HttpClient&) override { return ConnectTarget{url_, 0}; }
  std::optional<std::string> Ping(std::int64_t) override { return "ping"; }
  ParsedFrame Parse(std::string_view text) const override { return ParseOkxFrame(text); }

 protected:
  std::string SubscribeFrame(std::span<const std::string> symbols, bool subscribe,
                             std::int64_t) override {
    boost::json::array args;
    for (const auto& s : symbols) {
      args.emplace_back(boost::json::object{{"channel", "mark-price"}, {"instId", s}});
    }
    return boost::json::serialize(
        boost::json::object{{"op", subscribe ? "subscribe" : "unsubscribe"}, {"args", args}});
  }

 private:
  std::string url_;
};

}  // namespace

ParsedFrame ParseOkxFrame(std::string_view text) {
  if (text == "pong") return ParsedFrame::Control();
  auto v = frame::ParseJson(text);
  if (!v || !v->is_object()) return ParsedFrame::Malformed("not a JSON object");
  const std::string event = frame::Text(*v, "event");
  if (event == "error") {
    return ParsedFrame::VenueError("error " + frame::Text(*v, "code") + ": " +
                                   frame::Text(*v, "msg"));
  }
  if (!event.empty()) return ParsedFrame::Control();
  const auto* arg = v->as_object().if_contains("arg");
  if (arg == nullptr) return ParsedFrame::Malformed("no arg");
  if (frame::Text(*arg, "channel") != "mark-price") return ParsedFrame::Control();
  const auto* data = v->as_object().if_contains("data");
  if (data == nullptr || !data->is_array()) return ParsedFrame::Malformed("no data");
  ParsedFrame out{ParsedFrame::Kind::kMarks, {}, {}};
  for (const auto& item : data->as_array()) {
    bool bad = false;
    auto mark = frame::Price(item, "markPx", bad);
    std::string symbol = frame::Text(item, "instId");
    if (bad || !mark || symbol.empty()) return ParsedFrame::Malformed("bad mark-price item");
    out.marks.push_back({std::move(symbol), mark, frame::TimeMs(item, "ts")});
  }
  if (out.marks.empty()) return ParsedFrame::Control();
  return out;
}

std::unique_ptr<VenueHook> MakeOkxHook(std::string url) {
  return std::make_unique<OkxHook>(std::move(url));
}

}  // namespace baro::stream
