#include "fakes/stream/fake_stream_protocol.h"

#include <boost/json.hpp>
#include <cctype>
#include <sstream>

namespace baro::fakes {
namespace json = boost::json;
namespace {

std::string Num(double v) {
  std::ostringstream out;
  out.precision(15);
  out << v;
  return out.str();
}

std::string Str(const json::value& v, std::string_view key) {
  const auto* o = v.if_object();
  if (o == nullptr) return "";
  const auto* f = o->if_contains(key);
  return f != nullptr && f->is_string() ? std::string(f->as_string()) : "";
}

const json::array* Arr(const json::value& v, std::string_view key) {
  const auto* o = v.if_object();
  const auto* f = o != nullptr ? o->if_contains(key) : nullptr;
  return f != nullptr ? f->if_array() : nullptr;
}

std::optional<json::value> Parse(std::string_view text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec) return std::nullopt;
  return v;
}

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Binance:
// https://developers.binance.com/docs/derivatives/usds-margined-futures/websocket-market-streams
// ("Live Subscribing/Unsubscribing to streams": {"result":null,"id":<id>}) and
// .../websocket-market-streams/Mark-Price-Stream (payload).
ClientFrameEffect Binance(std::string_view text) {
  ClientFrameEffect out;
  auto v = Parse(text);
  const std::string method = v ? Str(*v, "method") : "";
  const auto* params = v ? Arr(*v, "params") : nullptr;
  if (params == nullptr || (method != "SUBSCRIBE" && method != "UNSUBSCRIBE")) {
    out.understood = false;
    return out;
  }
  for (const auto& p : *params) {
    if (!p.is_string()) continue;
    std::string name(p.as_string());
    const auto at = name.find("@markPrice");
    if (at == std::string::npos) continue;
    (method == "SUBSCRIBE" ? out.subscribed : out.unsubscribed)
        .push_back(Upper(name.substr(0, at)));
  }
  json::object ack{{"result", nullptr}};
  ack["id"] = v->as_object().contains("id") ? v->as_object().at("id") : json::value(nullptr);
  out.replies.push_back(json::serialize(ack));
  return out;
}

// Bybit: https://bybit-exchange.github.io/docs/v5/ws/connect (subscribe and ping answers).
ClientFrameEffect Bybit(std::string_view text) {
  ClientFrameEffect out;
  auto v = Parse(text);
  const std::string op = v ? Str(*v, "op") : "";
  if (op == "ping") {
    out.replies.push_back(json::serialize(json::object{{"success", true},
                                                       {"ret_msg", "pong"},
                                                       {"conn_id", "fake-conn"},
                                                       {"req_id", Str(*v, "req_id")},
                                                       {"op", "ping"}}));
    return out;
  }
  const auto* args = v ? Arr(*v, "args") : nullptr;
  if (args == nullptr || (op != "subscribe" && op != "unsubscribe")) {
    out.understood = false;
    return out;
  }
  for (const auto& a : *args) {
    std::string topic = a.is_string() ? std::string(a.as_string()) : "";
    if (!topic.starts_with("tickers.")) continue;
    (op == "subscribe" ? out.subscribed : out.unsubscribed).push_back(topic.substr(8));
  }
  out.replies.push_back(json::serialize(json::object{{"success", true},
                                                     {"ret_msg", ""},
                                                     {"conn_id", "fake-conn"},
                                                     {"req_id", Str(*v, "req_id")},
                                                     {"op", op}}));
  return out;
}

// OKX and Bitget share the shape {"op":..,"args":[{..,"instId":..}]} with per-arg
// acknowledgements and the text ping: https://www.okx.com/docs-v5/en/#overview-websocket-subscribe,
// https://www.bitget.com/api-doc/common/websocket-intro.
ClientFrameEffect OpArgs(std::string_view text) {
  ClientFrameEffect out;
  if (text == "ping") {
    out.replies.push_back("pong");
    return out;
  }
  auto v = Parse(text);
  const std::string op = v ? Str(*v, "op") : "";
  const auto* args = v ? Arr(*v, "args") : nullptr;
  if (args == nullptr || (op != "subscribe" && op != "unsubscribe")) {
    out.understood = false;
    return out;
  }
  for (const auto& a : *args) {
    const std::string inst = Str(a, "instId");
    if (inst.empty()) continue;
    (op == "subscribe" ? out.subscribed : out.unsubscribed).push_back(inst);
    out.replies.push_back(
        json::serialize(json::object{{"event", op}, {"arg", a}, {"connId", "fake-conn"}}));
  }
  return out;
}

// Gate: https://www.gate.io/docs/developers/futures/ws/en/#tickers-api and #ping-and-pong.
ClientFrameEffect Gate(std::string_view text, std::int64_t now_ms) {
  ClientFrameEffect out;
  auto v = Parse(text);
  const std::string channel = v ? Str(*v, "channel") : "";
  if (channel == "futures.ping") {
    out.replies.push_back(json::serialize(json::object{{"time", now_ms / 1000},
                                                       {"time_ms", now_ms},
                                                       {"channel", "futures.pong"},
                                                       {"event", ""},
                                                       {"result", nullptr}}));
    return out;
  }
  const std::string event = v ? Str(*v, "event") : "";
  const auto* payload = v ? Arr(*v, "payload") : nullptr;
  if (channel != "futures.tickers" || payload == nullptr ||
      (event != "subscribe" && event != "unsubscribe")) {
    out.understood = false;
    return out;
  }
  for (const auto& p : *payload) {
    if (p.is_string()) {
      (event == "subscribe" ? out.subscribed : out.unsubscribed).emplace_back(p.as_string());
    }
  }
  out.replies.push_back(json::serialize(json::object{{"time", now_ms / 1000},
                                                     {"time_ms", now_ms},
                                                     {"channel", "futures.tickers"},
                                                     {"event", event},
                                                     {"error", nullptr},
                                                     {"result", {{"status", "success"}}}}));
  return out;
}

// KuCoin: https://www.kucoin.com/docs/websocket/basic-info/subscribe/introduction and
// https://www.kucoin.com/docs/websocket/basic-info/ping.
ClientFrameEffect Kucoin(std::string_view text) {
  ClientFrameEffect out;
  auto v = Parse(text);
  const std::string type = v ? Str(*v, "type") : "";
  const std::string id = v ? Str(*v, "id") : "";
  if (type == "ping") {
    out.replies.push_back(json::serialize(json::object{{"id", id}, {"type", "pong"}}));
    return out;
  }
  const std::string topic = v ? Str(*v, "topic") : "";
  constexpr std::string_view kTopic = "/contract/instrument:";
  if ((type != "subscribe" && type != "unsubscribe") || !topic.starts_with(kTopic)) {
    out.understood = false;
    return out;
  }
  std::stringstream list(topic.substr(kTopic.size()));
  for (std::string s; std::getline(list, s, ',');) {
    (type == "subscribe" ? out.subscribed : out.unsubscribed).push_back(s);
  }
  out.replies.push_back(json::serialize(json::object{{"id", id}, {"type", "ack"}}));
  return out;
}

// HyperLiquid: https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/websocket
// (subscriptionResponse) and .../websocket/timeouts-and-heartbeats (ping/pong).
ClientFrameEffect Hyperliquid(std::string_view text) {
  ClientFrameEffect out;
  auto v = Parse(text);
  const std::string method = v ? Str(*v, "method") : "";
  if (method == "ping") {
    out.replies.push_back(R"({"channel":"pong"})");
    return out;
  }
  const auto* sub = v && v->is_object() ? v->as_object().if_contains("subscription") : nullptr;
  if (sub == nullptr || Str(*sub, "type") != "activeAssetCtx" ||
      (method != "subscribe" && method != "unsubscribe")) {
    out.understood = false;
    return out;
  }
  (method == "subscribe" ? out.subscribed : out.unsubscribed).push_back(Str(*sub, "coin"));
  out.replies.push_back(
      json::serialize(json::object{{"channel", "subscriptionResponse"}, {"data", *v}}));
  return out;
}

}  // namespace

std::string StreamGreeting(Venue venue, const std::string& connect_id) {
  switch (venue) {
    case Venue::kKucoin:
      return json::serialize(json::object{{"id", connect_id}, {"type", "welcome"}});
    case Venue::kHyperliquid:
      return "Websocket connection established.";
    default:
      return "";
  }
}

ClientFrameEffect OnClientFrame(Venue venue, std::string_view text, std::int64_t now_ms) {
  switch (venue) {
    case Venue::kBinance:
      return Binance(text);
    case Venue::kBybit:
      return Bybit(text);
    case Venue::kOkx:
    case Venue::kBitget:
      return OpArgs(text);
    case Venue::kGate:
      return Gate(text, now_ms);
    case Venue::kKucoin:
      return Kucoin(text);
    case Venue::kHyperliquid:
      return Hyperliquid(text);
  }
  return {{}, {}, {}, false};
}

std::string MarkPush(Venue venue, const std::string& symbol, double mark, std::int64_t now_ms,
                     bool first) {
  switch (venue) {
    case Venue::kBinance:  // Mark-Price-Stream payload
      return json::serialize(json::object{{"e", "markPriceUpdate"},
                                          {"E", now_ms},
                                          {"s", symbol},
                                          {"p", Num(mark)},
                                          {"i", Num(mark)},
                                          {"P", Num(mark)},
                                          {"r", "0.00010000"},
                                          {"T", now_ms + 3600000}});
    case Venue::kBybit:  // https://bybit-exchange.github.io/docs/v5/websocket/public/ticker
      return json::serialize(json::object{
          {"topic", "tickers." + symbol},
          {"type", first ? "snapshot" : "delta"},
          {"data", {{"symbol", symbol}, {"markPrice", Num(mark)}, {"indexPrice", Num(mark)}}},
          {"cs", 1},
          {"ts", now_ms}});
    case Venue::kOkx:  // https://www.okx.com/docs-v5/en/#public-data-websocket-mark-price-channel
      return json::serialize(
          json::object{{"arg", {{"channel", "mark-price"}, {"instId", symbol}}},
                       {"data", json::array{json::object{{"instType", "SWAP"},
                                                         {"instId", symbol},
                                                         {"markPx", Num(mark)},
                                                         {"ts", std::to_string(now_ms)}}}}});
    case Venue::
        kBitget:  // https://www.bitget.com/api-doc/contract/websocket/public/Tickers-Channel
      return json::serialize(json::object{
          {"action", "snapshot"},
          {"arg", {{"instType", "USDT-FUTURES"}, {"channel", "ticker"}, {"instId", symbol}}},
          {"data", json::array{json::object{{"instId", symbol},
                                            {"lastPr", Num(mark)},
                                            {"markPrice", Num(mark)},
                                            {"indexPrice", Num(mark)},
                                            {"ts", std::to_string(now_ms)}}}},
          {"ts", now_ms}});
    case Venue::kGate:  // https://www.gate.io/docs/developers/futures/ws/en/#tickers-api
      return json::serialize(
          json::object{{"time", now_ms / 1000},
                       {"time_ms", now_ms},
                       {"channel", "futures.tickers"},
                       {"event", "update"},
                       {"error", nullptr},
                       {"result", json::array{json::object{{"contract", symbol},
                                                           {"last", Num(mark)},
                                                           {"mark_price", Num(mark)},
                                                           {"index_price", Num(mark)}}}}});
    case Venue::kKucoin:  // .../futures-trading/public-channels/mark-price
      return json::serialize(json::object{{"topic", "/contract/instrument:" + symbol},
                                          {"type", "message"},
                                          {"subject", "mark.index.price"},
                                          {"data",
                                           {{"markPrice", mark},
                                            {"indexPrice", mark},
                                            {"granularity", 1000},
                                            {"timestamp", now_ms}}}});
    case Venue::kHyperliquid:  // .../websocket/subscriptions (activeAssetCtx)
      return json::serialize(json::object{
          {"channel", "activeAssetCtx"},
          {"data",
           {{"coin", symbol},
            {"ctx", {{"markPx", Num(mark)}, {"midPx", Num(mark)}, {"oraclePx", Num(mark)}}}}}});
  }
  return "";
}

}  // namespace baro::fakes
