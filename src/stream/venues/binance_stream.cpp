// Binance USD-M futures mark price, one stream per symbol: "<symbol>@markPrice@1s" (the symbol in
// lower case), subscribed live on the routed market endpoint.
//   Streams, routed paths, limits (200 streams and 10 incoming messages a second per connection,
//   server ping every 3 minutes answered by a pong frame, 24 h connections):
//   https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams
//   Live subscribing: {"method":"SUBSCRIBE","params":[...],"id":1} -> {"result":null,"id":1}
//   (same page, "Live Subscribing/Unsubscribing to streams").
//   Payload:
//   https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams/Mark-Price-Stream
//   {"e":"markPriceUpdate","E":1562305380000,"s":"BTCUSDT","p":"11185.87786614",...}; a combined
//   stream wraps it as {"stream":...,"data":...}, the all-market stream sends an array of them.
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>

#include "stream/venues/frame_json.h"
#include "stream/venues/venue_streams.h"

namespace baro::stream {
namespace {

// One markPriceUpdate object into `out`; false when it is not one or its mark is unreadable.
bool ReadUpdate(const boost::json::value& v, std::vector<MarkUpdate>& out) {
  if (frame::Text(v, "e") != "markPriceUpdate") return false;
  bool bad = false;
  auto mark = frame::Price(v, "p", bad);
  std::string symbol = frame::Text(v, "s");
  if (bad || !mark || symbol.empty()) return false;
  out.push_back({std::move(symbol), mark, frame::TimeMs(v, "E")});
  return true;
}

class BinanceHook final : public VenueHook {
 public:
  explicit BinanceHook(std::string url) : url_(std::move(url)) {}
  Venue venue() const override { return Venue::kBinance; }
  StreamLimits limits() const override {
    // 200 streams per connection; one frame carries a chunk so that a full resubscription stays
    // well under 10 messages a second.
    return {.symbols_per_connection = 200, .symbols_per_message = 50, .connections = 8};
  }
  Result<ConnectTarget> Target(net::HttpClient&) override { return ConnectTarget{url_, 0}; }
  std::optional<std::string> Ping(std::int64_t) override { return std::nullopt; }
  ParsedFrame Parse(std::string_view text) const override { return ParseBinanceFrame(text); }

 protected:
  std::string SubscribeFrame(std::span<const std::string> symbols, bool subscribe,
                             std::int64_t) override {
    boost::json::array params;
    for (const auto& s : symbols) {
      std::string name;
      for (char c : s) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      params.emplace_back(name + "@markPrice@1s");
    }
    return boost::json::serialize(boost::json::object{
        {"method", subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE"}, {"params", params}, {"id", NextId()}});
  }

 private:
  std::string url_;
};

}  // namespace

ParsedFrame ParseBinanceFrame(std::string_view text) {
  auto v = frame::ParseJson(text);
  if (!v) return ParsedFrame::Malformed("not JSON");
  const boost::json::value* body = &*v;
  if (const auto* data = body->is_object() ? body->as_object().if_contains("data") : nullptr;
      data != nullptr && body->as_object().contains("stream")) {
    body = data;
  }
  ParsedFrame out{ParsedFrame::Kind::kMarks, {}, {}};
  if (const auto* list = body->if_array()) {
    for (const auto& item : *list) {
      if (!ReadUpdate(item, out.marks)) return ParsedFrame::Malformed("bad markPriceUpdate");
    }
    if (out.marks.empty()) return ParsedFrame::Control();
    return out;
  }
  if (!body->is_object()) return ParsedFrame::Malformed("neither object nor array");
  const auto& obj = body->as_object();
  if (obj.contains("id") && obj.contains("result")) return ParsedFrame::Control();
  if (const auto* error = obj.if_contains("error")) {
    return ParsedFrame::VenueError("error " + frame::Text(*error, "msg"));
  }
  if (obj.contains("e")) {
    if (frame::Text(*body, "e") != "markPriceUpdate") return ParsedFrame::Control();
    if (!ReadUpdate(*body, out.marks)) return ParsedFrame::Malformed("bad markPriceUpdate");
    return out;
  }
  return ParsedFrame::Malformed("unknown frame");
}

std::unique_ptr<VenueHook> MakeBinanceHook(std::string url) {
  return std::make_unique<BinanceHook>(std::move(url));
}

}  // namespace baro::stream
