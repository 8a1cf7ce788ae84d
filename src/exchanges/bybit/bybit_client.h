// Bybit v5, category linear, read with an HMAC key (shared/reference/exchanges.md §3): positions
// from GET /v5/position/list (USDT and USDC settled, following nextPageCursor), the account's
// margin mode from /v5/account/info, account margin from /v5/account/wallet-balance, key
// permissions from /v5/user/query-api. The margin mode and the count of inverse positions are
// kept between reads (account_cache.h): a steady-state read is the two position lists and the
// wallet balance. Signed with X-BAPI-* headers: hex HMAC-SHA256 over timestamp
// + key + recv_window + query string; a 10002 timestamp error resyncs from /v5/market/time once.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "exchanges/keyed_client.h"
#include "exchanges/read_only_request.h"
#include "exchanges/venue_client.h"
#include "exchanges/venue_link.h"

namespace baro::exchanges::bybit {

// The (method, path) pairs this client can build a request for (ReadOnlyRequest refuses any
// other); the no-trading test asserts over this very table.
std::span<const ReadEndpoint> AllowedReads();

// The per-IP limit (exchanges.md §3.7: 600 requests per 5-second window for all REST traffic; the
// per-UID limits of 10-50 per second cannot be reached by one read every few minutes).
// Breaching it answers HTTP 403 "access too frequent" and bans the address for at least ten
// minutes.
inline constexpr BudgetLimit kIpLimit{600, 5'000, 403, 10 * 60'000};

std::string Sign(std::string_view timestamp, std::string_view api_key, std::string_view recv_window,
                 std::string_view query, const SecretBytes& secret);

struct PositionPage {
  std::vector<Position> positions;
  std::string next_cursor;
};
Result<PositionPage> ParsePositionList(std::string_view body, MarginMode account_mode,
                                       std::string_view account);
Result<MarginMode> ParseAccountInfo(std::string_view body);
Result<Account> ParseWalletBalance(std::string_view body);
Result<KeyPermissions> ParseQueryApi(std::string_view body);
// HTTP status and the retCode envelope to the small error set; nullopt for retCode 0.
std::optional<Error> MapError(int status, std::string_view body);

class BybitClient final : public KeyedClient {
 public:
  BybitClient(net::Url base, VenueLink& link);
  Result<AccountSnapshot> ReadAccount(const Credentials& credentials) override;
  Result<KeyPermissions> CheckPermissions(const Credentials& credentials) override;

 private:
  Result<net::HttpRequest> Signed(std::string_view path, std::string_view query,
                                  std::int64_t now_ms, const Credentials& c) const override;
  std::optional<Error> MapAnswer(const net::HttpResponse& r) const override {
    return MapError(r.status, r.body);
  }
  std::string_view TimePath() const override { return "/v5/market/time"; }
  std::optional<std::int64_t> ServerTimeMs(std::string_view body) const override;
  // Open positions of category=inverse, every page.
  Result<int> CountInverse(const Credentials& c, MarginMode mode);
};

}  // namespace baro::exchanges::bybit
