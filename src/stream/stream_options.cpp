#include "stream/stream_options.h"

namespace baro::stream {

StreamerOptions StreamerOptionsFrom(const config::Config& c) {
  StreamerOptions o;
  o.endpoints.hyperliquid = c.stream_hyperliquid_url;
  o.endpoints.binance = c.stream_binance_url;
  o.endpoints.bybit = c.stream_bybit_url;
  o.endpoints.okx = c.stream_okx_url;
  o.endpoints.bitget = c.stream_bitget_url;
  o.endpoints.gate = c.stream_gate_url;
  o.endpoints.kucoin_token_api = c.stream_kucoin_token_api;
  o.stale_after_ms = c.stream_stale_after_ms;
  o.max_symbols = static_cast<std::size_t>(c.stream_max_symbols);
  o.max_connections_per_venue = static_cast<std::size_t>(c.stream_max_connections_per_venue);
  auto& conn = o.connection;
  conn.ws.connect_timeout = std::chrono::milliseconds(c.http_connect_timeout_ms);
  conn.ws.ca_file = c.egress_ca_file;
  conn.ws.bind_address = c.egress_bind_address;
  conn.ws.proxy = c.egress_proxy;
  conn.ws.max_message_bytes = static_cast<std::size_t>(c.stream_max_message_bytes);
  conn.http.connect_timeout = std::chrono::milliseconds(c.http_connect_timeout_ms);
  conn.http.request_timeout = std::chrono::milliseconds(c.http_request_timeout_ms);
  conn.http.ca_file = c.egress_ca_file;
  conn.http.bind_address = c.egress_bind_address;
  conn.http.proxy = c.egress_proxy;
  conn.ping_interval_ms = c.stream_ping_interval_ms;
  conn.silence_reconnect_ms = c.stream_silence_reconnect_ms;
  conn.no_marks_reconnect_ms = c.stream_stale_after_ms;
  conn.backoff_ms = c.stream_reconnect_backoff_ms;
  conn.backoff_max_ms = c.stream_reconnect_backoff_max_ms;
  return o;
}

}  // namespace baro::stream
