// Bybit v5, category linear, read with an HMAC key (shared/reference/exchanges.md §3): positions
// from GET /v5/position/list (USDT and USDC settled, following nextPageCursor), the account's
// margin mode from /v5/account/info, account margin from /v5/account/wallet-balance, key
// permissions from /v5/user/query-api. Signed with X-BAPI-* headers: hex HMAC-SHA256 over timestamp
// + key + recv_window + query string; a 10002 timestamp error resyncs from /v5/market/time once.
#pragma once

#include <string>
#include <string_view>

#include "exchanges/venue_client.h"

namespace baro::exchanges::bybit {

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

class BybitClient final : public VenueClient {
 public:
  BybitClient(net::Url base, net::HttpClient& http, std::int64_t recv_window_ms = 5000)
      : base_(std::move(base)), http_(http), recv_window_ms_(recv_window_ms) {}
  Result<AccountSnapshot> ReadAccount(const Credentials& credentials) override;
  Result<KeyPermissions> CheckPermissions(const Credentials& credentials) override;

 private:
  Result<std::string> SignedGet(std::string_view path, std::string_view query,
                                const Credentials& c);
  Status SyncClock();
  net::Url base_;
  net::HttpClient& http_;
  std::int64_t recv_window_ms_;
  std::int64_t offset_ms_ = 0;
};

}  // namespace baro::exchanges::bybit
