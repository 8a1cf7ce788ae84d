// Bybit v5 public linear tickers, one topic per symbol: "tickers.<symbol>".
//   https://bybit-exchange.github.io/docs/v5/websocket/public/ticker: pushed every 100 ms, first a
//   "snapshot", then "delta" frames holding only what changed ("If a response param is not found
//   in the message, then its value has not changed").
//   https://bybit-exchange.github.io/docs/v5/ws/connect: {"req_id":..,"op":"subscribe","args":[..]}
//   answered {"success":true,"ret_msg":"","conn_id":..,"op":"subscribe"}; heartbeat
//   {"req_id":..,"op":"ping"} every 20 s answered {"success":true,"ret_msg":"pong",..,"op":"ping"};
//   public linear takes any number of args, the args of one request at most 21,000 characters.
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "stream/venues/frame_json.h"
#include "stream/venues/venue_streams.h"

namespace baro::stream {
namespace {

constexpr std::string_view kTopic = "tickers.";

class BybitHook final : public VenueHook {
 public:
  explicit BybitHook(std::string url) : url_(std::move(url)) {}
  Venue venue() const override { return Venue::kBybit; }
  StreamLimits limits() const override {
    // No published per-connection cap for public linear; 200 keeps one resubscription small.
    return {.symbols_per_connection = 200,
            .symbols_per_message = 100,
            .connections = 8,
            .max_ping_interval_ms = 20'000};
  }
  Result<ConnectTarget> Target(net::HttpClient&) override { return ConnectTarget{url_, 0}; }
  std::optional<std::string> Ping(std::int64_t) override {
    return boost::json::serialize(
        boost::json::object{{"req_id", std::to_string(NextId())}, {"op", "ping"}});
  }
  ParsedFrame Parse(std::string_view text) const override { return ParseBybitFrame(text); }

 protected:
  std::string SubscribeFrame(std::span<const std::string> symbols, bool subscribe,
                             std::int64_t) override {
    boost::json::array args;
    for (const auto& s : symbols) args.emplace_back(std::string(kTopic) + s);
    return boost::json::serialize(
        boost::json::object{{"req_id", std::to_string(NextId())},
                            {"op", subscribe ? "subscribe" : "unsubscribe"},
                            {"args", args}});
  }

 private:
  std::string url_;
};

}  // namespace

ParsedFrame ParseBybitFrame(std::string_view text) {
  auto v = frame::ParseJson(text);
  if (!v || !v->is_object()) return ParsedFrame::Malformed("not a JSON object");
  const auto& obj = v->as_object();
  if (obj.contains("op")) {
    const auto* success = obj.if_contains("success");
    if (success != nullptr && success->is_bool() && !success->as_bool()) {
      return ParsedFrame::VenueError(frame::Text(*v, "op") +
                                     " refused: " + frame::Text(*v, "ret_msg"));
    }
    return ParsedFrame::Control();
  }
  const std::string topic = frame::Text(*v, "topic");
  if (topic.empty()) return ParsedFrame::Malformed("no topic");
  if (!topic.starts_with(kTopic)) return ParsedFrame::Control();
  const auto* data = obj.if_contains("data");
  if (data == nullptr || !data->is_object()) return ParsedFrame::Malformed("no ticker data");
  std::string symbol = frame::Text(*data, "symbol");
  if (symbol.empty()) symbol = topic.substr(kTopic.size());
  bool bad = false;
  auto mark = frame::Price(*data, "markPrice", bad);
  if (bad) return ParsedFrame::Malformed("bad markPrice");
  return {ParsedFrame::Kind::kMarks, {{std::move(symbol), mark, frame::TimeMs(*v, "ts")}}, {}};
}

std::unique_ptr<VenueHook> MakeBybitHook(std::string url) {
  return std::make_unique<BybitHook>(std::move(url));
}

}  // namespace baro::stream
