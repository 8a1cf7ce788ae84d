// What every keyed venue client does the same way, once: build a request only for one of the
// venue's allow-listed read endpoints, sign it with the venue's clock, send it through the
// VenueLink, map the venue's answer, and after a clock-skew answer read the venue's time once and
// try again (signed_read.h). A venue supplies only its hooks: how it signs a request, how its
// answers map to errors, and where and how its server time reads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "exchanges/read_only_request.h"
#include "exchanges/venue_client.h"
#include "exchanges/venue_link.h"

namespace baro::exchanges {

class KeyedClient : public VenueClient {
 protected:
  KeyedClient(net::Url base, VenueLink& link, std::span<const ReadEndpoint> reads,
              std::string_view venue)
      : base_(std::move(base)), link_(link), reads_(reads), venue_(venue) {}

  // Hooks. The signed GET of `path?query` at the venue time `now_ms`: the request from Request()
  // with the venue's authentication added (headers may hold the key; they are wiped after sending).
  virtual Result<net::HttpRequest> Signed(std::string_view path, std::string_view query,
                                          std::int64_t now_ms, const Credentials& c) const = 0;
  // nullopt for a successful answer.
  virtual std::optional<Error> MapAnswer(const net::HttpResponse& response) const = 0;
  // The venue's public server-time endpoint and its millisecond time in the answer.
  virtual std::string_view TimePath() const = 0;
  virtual std::optional<std::int64_t> ServerTimeMs(std::string_view body) const = 0;

  // The GET request for an allow-listed endpoint (kForbidden for anything else).
  Result<net::HttpRequest> Request(std::string_view path, std::string_view query = {}) const {
    return ReadOnlyRequest(reads_, "GET", path, query);
  }
  // A signed read of the main host, or of `base` (a venue's second host).
  Result<std::string> SignedGet(std::string_view path, std::string_view query, const Credentials& c,
                                std::int64_t weight = 1);
  Result<std::string> SignedGetAt(const net::Url& base, std::string_view path,
                                  std::string_view query, const Credentials& c,
                                  std::int64_t weight = 1);
  // Reads the venue's clock from TimePath() on the main host.
  Status SyncClock();
  // A rarely-changing answer of the account `c` reads, kept between reads under `what`
  // (account_cache.h: KeptOrRead with the link's cache and clock); a stale answer used because
  // its refresh failed is logged.
  Result<std::string> Kept(const Credentials& c, std::string_view what, const CachePolicy& policy,
                           const std::function<bool(const std::string&)>& covers,
                           const std::function<Result<std::string>()>& read);

  net::Url base_;
  VenueLink& link_;

 private:
  std::span<const ReadEndpoint> reads_;
  std::string_view venue_;
};

}  // namespace baro::exchanges
