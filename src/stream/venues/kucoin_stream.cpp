// KuCoin Futures mark price: "/contract/instrument:<symbol>" with subject "mark.index.price",
// reached with a public token.
//   https://www.kucoin.com/docs/websocket/basic-info/apply-connect-token/public-token-no-authentication-required:
//   POST /api/v1/bullet-public (no key) ->
//   {"code":"200000","data":{"token":..,"instanceServers":[{"endpoint":"wss://ws-api-futures.kucoin.com/",
//   "encrypt":true,"protocol":"websocket","pingInterval":18000,"pingTimeout":10000}]}}; connect to
//   <endpoint>?token=<token>&connectId=<id>, the server greets {"id":<id>,"type":"welcome"}.
//   https://www.kucoin.com/docs/websocket/basic-info/ping: {"id":..,"type":"ping"} every
//   pingInterval ms, answered {"id":..,"type":"pong"}.
//   https://www.kucoin.com/docs/websocket/basic-info/subscribe/introduction:
//   {"id":..,"type":"subscribe","topic":..,"response":true} -> {"id":..,"type":"ack"}; symbols may
//   be comma-joined in one topic, 100 per request, 300 topics per connection, 50 connections.
//   https://www.kucoin.com/docs/websocket/futures-trading/public-channels/mark-price:
//   {"topic":"/contract/instrument:XBTUSDTM","type":"message","subject":"mark.index.price",
//    "data":{"markPrice":90445.02,"indexPrice":90445.02,"granularity":1000,"timestamp":1731899129000}}
//   ("funding.rate" messages share the topic).
#include <atomic>
#include <boost/json/serialize.hpp>

#include "core/json_util.h"
#include "exchanges/public_link.h"
#include "exchanges/read_only_request.h"
#include "net/url.h"
#include "stream/venues/frame_json.h"
#include "stream/venues/venue_streams.h"

namespace baro::stream {
namespace {

constexpr std::string_view kTopic = "/contract/instrument:";

std::atomic<std::uint64_t> g_connect_ids{0};

class KucoinHook final : public VenueHook {
 public:
  explicit KucoinHook(std::string token_api) : token_api_(std::move(token_api)) {}
  Venue venue() const override { return Venue::kKucoin; }
  StreamLimits limits() const override {
    return {.symbols_per_connection = 300, .symbols_per_message = 100, .connections = 50};
  }
  Result<ConnectTarget> Target(net::HttpClient& http) override {
    auto base = net::ParseUrl(token_api_);
    if (!base) return base.error();
    auto request = exchanges::ReadOnlyRequest(exchanges::PublicReads(Venue::kKucoin), "POST",
                                              exchanges::kKucoinPublicTokenPath);
    if (!request) return request.error();
    request->headers.emplace_back("Content-Type", "application/json");
    auto response = http.Send(*base, *request);
    if (!response) return response.error();
    if (response->status != 200) {
      return MakeError(ErrorCode::kUnavailable,
                       "kucoin token request answered HTTP " + std::to_string(response->status));
    }
    auto bullet = ParseKucoinBullet(response->body);
    if (!bullet) return bullet.error();
    const std::string id = "baro" + std::to_string(++g_connect_ids);
    std::string url = bullet->endpoint;
    url += url.find('?') == std::string::npos ? "?" : "&";
    url += "token=" + net::UrlEncode(bullet->token) + "&connectId=" + id;
    return ConnectTarget{std::move(url), bullet->ping_interval_ms};
  }
  std::optional<std::string> Ping(std::int64_t) override {
    return boost::json::serialize(
        boost::json::object{{"id", std::to_string(NextId())}, {"type", "ping"}});
  }
  ParsedFrame Parse(std::string_view text) const override { return ParseKucoinFrame(text); }

 protected:
  std::string SubscribeFrame(std::span<const std::string> symbols, bool subscribe,
                             std::int64_t) override {
    std::string topic(kTopic);
    for (std::size_t i = 0; i < symbols.size(); ++i) {
      if (i > 0) topic += ',';
      topic += symbols[i];
    }
    return boost::json::serialize(
        boost::json::object{{"id", std::to_string(NextId())},
                            {"type", subscribe ? "subscribe" : "unsubscribe"},
                            {"topic", topic},
                            {"response", true}});
  }

 private:
  std::string token_api_;
};

}  // namespace

Result<KucoinBullet> ParseKucoinBullet(std::string_view body) {
  auto v = json::Parse(body);
  if (!v) return v.error();
  if (json::GetString(*v, "code").value_or("") != "200000") {
    return MakeError(ErrorCode::kBadResponse, "kucoin token request refused");
  }
  const auto* data = json::Find(*v, "data");
  const auto* servers = data != nullptr ? json::Find(*data, "instanceServers") : nullptr;
  if (servers == nullptr || !servers->is_array() || servers->as_array().empty()) {
    return MakeError(ErrorCode::kBadResponse, "kucoin token answer has no instance server");
  }
  KucoinBullet out;
  out.token = json::GetString(*data, "token").value_or("");
  const auto& server = servers->as_array().front();
  out.endpoint = json::GetString(server, "endpoint").value_or("");
  out.ping_interval_ms = json::GetInt(server, "pingInterval").value_or(0);
  out.ping_timeout_ms = json::GetInt(server, "pingTimeout").value_or(0);
  if (out.token.empty() || !out.endpoint.starts_with("wss://") || out.ping_interval_ms < 0) {
    return MakeError(ErrorCode::kBadResponse, "kucoin token answer lacks token or endpoint");
  }
  return out;
}

ParsedFrame ParseKucoinFrame(std::string_view text) {
  auto v = frame::ParseJson(text);
  if (!v || !v->is_object()) return ParsedFrame::Malformed("not a JSON object");
  const std::string type = frame::Text(*v, "type");
  if (type == "error") {
    return ParsedFrame::VenueError("error " + std::to_string(frame::TimeMs(*v, "code")) + ": " +
                                   frame::Text(*v, "data"));
  }
  if (type == "welcome" || type == "ack" || type == "pong") return ParsedFrame::Control();
  if (type != "message") return ParsedFrame::Malformed("unknown type");
  const std::string topic = frame::Text(*v, "topic");
  if (!topic.starts_with(kTopic)) return ParsedFrame::Control();
  if (frame::Text(*v, "subject") != "mark.index.price") return ParsedFrame::Control();
  const auto* data = v->as_object().if_contains("data");
  std::string symbol = topic.substr(kTopic.size());
  if (data == nullptr || symbol.empty() || symbol.find(',') != std::string::npos) {
    return ParsedFrame::Malformed("no data or symbol");
  }
  bool bad = false;
  auto mark = frame::Price(*data, "markPrice", bad);
  if (bad || !mark) return ParsedFrame::Malformed("bad markPrice");
  return {ParsedFrame::Kind::kMarks,
          {{std::move(symbol), mark, frame::TimeMs(*data, "timestamp")}},
          {}};
}

std::unique_ptr<VenueHook> MakeKucoinHook(std::string token_api) {
  return std::make_unique<KucoinHook>(std::move(token_api));
}

}  // namespace baro::stream
