// Building a venue request is only possible for an allow-listed read endpoint: each venue declares
// the few paths it reads (its signed clients' tables, and its public market reads' table,
// exchanges/public_market.h), and anything else is refused before a byte is sent. Methods are GET,
// plus POST for exactly two read-only endpoints: HyperLiquid's /info and KuCoin Futures' public
// stream token (kKucoinPublicTokenPath).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "net/http_message.h"

namespace baro::exchanges {

struct ReadEndpoint {
  std::string_view method;  // "GET" (or "POST" for HyperLiquid /info)
  // The path; a last segment "{}" stands for one path segment (a symbol in the path, already
  // percent-encoded, without "/", "?" or "#"), e.g.
  // "/api/v1/contracts/risk-limit/{}".
  std::string_view path;
  std::int64_t weight = 1;  // the venue's published request weight, charged to its budget
};

// KuCoin Futures' key-less request for a public WebSocket token, the one POST besides HyperLiquid's
// /info: it creates nothing and reads no account, it only returns a token and a stream address
// (https://www.kucoin.com/docs/websocket/basic-info/apply-connect-token/public-token-no-authentication-required;
// docs/security.md, docs/streams.md).
inline constexpr std::string_view kKucoinPublicTokenPath = "/api/v1/bullet-public";

// The entry of `allowed` that (method, path) matches, or nullptr.
const ReadEndpoint* FindReadEndpoint(std::span<const ReadEndpoint> allowed, std::string_view method,
                                     std::string_view path);

// A request for `path` with `query` (already encoded, may be empty), or kForbidden when the pair
// (method, path) is not in `allowed`.
Result<net::HttpRequest> ReadOnlyRequest(std::span<const ReadEndpoint> allowed,
                                         std::string_view method, std::string_view path,
                                         std::string_view query = {});

}  // namespace baro::exchanges
