// One venue's stream protocol, behind one small interface: where to connect, how to subscribe and
// unsubscribe a set of symbols, the keep-alive it wants, how to read a frame, and the limits it
// publishes. The generic connection (stream/stream_connection.h) drives a hook; each venue's file
// under stream/venues/ implements one. A hook instance belongs to one connection (it may number
// its requests).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/venue.h"
#include "net/http_client.h"
#include "stream/stream_message.h"

namespace baro::stream {

// A venue's published (or, where it publishes none, Baro's chosen) limits; docs/streams.md lists
// them with their sources.
struct StreamLimits {
  std::size_t symbols_per_connection = 100;
  std::size_t symbols_per_message = 50;
  std::size_t connections = 8;                    // per process and address
  std::size_t symbols_total = SIZE_MAX;           // over all connections (HyperLiquid: 1000)
  std::int64_t max_ping_interval_ms = INT64_MAX;  // the venue drops a quiet client after this
  // Published caps per connection (0: none): (un)subscribe requests per hour, and messages of
  // any kind (pings too) per second (stream/request_pacer.h).
  std::size_t subscribe_requests_per_hour = 0;
  std::size_t messages_per_second = 0;
};

struct ConnectTarget {
  std::string url;                    // wss://host[:port]/path[?query]
  std::int64_t ping_interval_ms = 0;  // the venue's own demand (KuCoin's token answer); 0: none
};

class VenueHook {
 public:
  virtual ~VenueHook() = default;
  virtual Venue venue() const = 0;
  virtual StreamLimits limits() const = 0;
  // Where to connect now. Only KuCoin uses `http` (its public token request).
  virtual Result<ConnectTarget> Target(net::HttpClient& http) = 0;
  // The frames that (un)subscribe `symbols`, at most limits().symbols_per_message each.
  std::vector<std::string> Subscribe(std::span<const std::string> symbols, std::int64_t now_ms);
  std::vector<std::string> Unsubscribe(std::span<const std::string> symbols, std::int64_t now_ms);
  // The application-level ping to send, or nullopt where the server pings (Binance; WebSocket
  // ping frames are answered by the client itself).
  virtual std::optional<std::string> Ping(std::int64_t now_ms) = 0;
  virtual ParsedFrame Parse(std::string_view text) const = 0;

 protected:
  // One frame for one chunk of symbols.
  virtual std::string SubscribeFrame(std::span<const std::string> symbols, bool subscribe,
                                     std::int64_t now_ms) = 0;
  std::int64_t NextId() { return ++next_id_; }

 private:
  std::int64_t next_id_ = 0;
};

// Where each venue's stream is, from the configuration (stream.* options).
struct StreamEndpoints {
  std::string hyperliquid = "wss://api.hyperliquid.xyz/ws";
  std::string binance = "wss://fstream.binance.com/market/ws";
  std::string bybit = "wss://stream.bybit.com/v5/public/linear";
  std::string okx = "wss://ws.okx.com:8443/ws/v5/public";
  std::string bitget = "wss://ws.bitget.com/v2/ws/public";
  std::string gate = "wss://fx-ws.gateio.ws/v4/ws/usdt";
  std::string kucoin_token_api = "https://api-futures.kucoin.com";
};

std::unique_ptr<VenueHook> MakeVenueHook(Venue venue, const StreamEndpoints& endpoints);

}  // namespace baro::stream
