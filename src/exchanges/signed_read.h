// What every keyed venue client does around a read, in one place: sign with the venue's clock,
// send through the VenueLink, map the venue's error body, and after a clock-skew answer read the
// venue's time once and try again; read the venue's server time; refresh the contract table.
// The venue supplies only its own parts (how to sign, how its errors and time read).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"
#include "exchanges/venue_link.h"
#include "net/http_message.h"

namespace baro::exchanges {

// The venue's error mapping: nullopt for a successful answer.
using ErrorMapper = std::function<std::optional<Error>(const net::HttpResponse&)>;

// The mapper of a venue whose errors read from the status and the body alone.
inline ErrorMapper MapperFor(std::optional<Error> (*map)(int status, std::string_view body)) {
  return [map](const net::HttpResponse& r) { return map(r.status, r.body); };
}

// Builds the signed request for the venue time `venue_now_ms` (headers may hold the key; they are
// wiped after sending).
using SignedRequestBuilder = std::function<Result<net::HttpRequest>(std::int64_t venue_now_ms)>;

// Sends the request built by `build`; on kClockSkew runs `resync` once and builds it again.
Result<std::string> SignedRead(VenueLink& link, const net::Url& base,
                               const SignedRequestBuilder& build, const ErrorMapper& map_error,
                               const std::function<Status()>& resync, std::int64_t weight = 1);

// Reads the venue's clock with `request` and records the offset; `server_ms` finds the
// millisecond time in the answer's body.
Status SyncVenueClock(VenueLink& link, const net::Url& base, const net::HttpRequest& request,
                      const std::function<std::optional<std::int64_t>(std::string_view)>& server_ms,
                      std::string_view venue);

// Reads the venue's contract sizes with `request` unless the link's table is fresh (or `force`).
Status RefreshContracts(
    VenueLink& link, const net::Url& base, const net::HttpRequest& request,
    const ErrorMapper& map_error,
    const std::function<Result<std::unordered_map<std::string, double>>(std::string_view)>& parse,
    bool force, std::int64_t weight = 1);

// Parses with the link's contract table; when a contract is unknown (kBadResponse), refreshes the
// table once and parses again.
template <typename T>
Result<T> ParseWithContracts(const std::function<Result<T>()>& parse,
                             const std::function<Status()>& refresh) {
  auto parsed = parse();
  if (!parsed && parsed.error().code == ErrorCode::kBadResponse) {
    if (auto st = refresh(); !st) return st.error();
    parsed = parse();
  }
  return parsed;
}

}  // namespace baro::exchanges
