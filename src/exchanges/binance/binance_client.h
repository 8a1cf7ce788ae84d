// Binance USD-M futures, read with an HMAC key (shared/reference/exchanges.md §2): positions from
// GET /fapi/v3/positionRisk with leverage and margin type from /fapi/v1/symbolConfig, account
// margin from /fapi/v3/account, key permissions from GET /sapi/v1/account/apiRestrictions on the
// spot host. Requests carry timestamp and recvWindow and are signed with hex HMAC-SHA256 over the
// exact query string; a -1021 timestamp error resyncs the clock offset from /fapi/v1/time once.
#pragma once

#include <atomic>
#include <string>
#include <string_view>

#include "exchanges/venue_client.h"

namespace baro::exchanges::binance {

// "query&signature=<hex>", for fixed inputs (tests use the official vectors).
std::string SignQuery(std::string_view query, const SecretBytes& secret);

Result<std::vector<Position>> ParsePositionRisk(std::string_view body,
                                                std::string_view symbol_config,
                                                std::string_view account);
Result<Account> ParseAccount(std::string_view body);
Result<KeyPermissions> ParseApiRestrictions(std::string_view body);
// Maps a Binance error answer ({"code":-2015,"msg":...} with its HTTP status) to an Error.
Error MapError(int status, std::string_view body, std::string_view retry_after);

class BinanceClient final : public VenueClient {
 public:
  BinanceClient(net::Url futures, net::Url spot, net::HttpClient& http,
                std::int64_t recv_window_ms = 5000);
  Result<AccountSnapshot> ReadAccount(const Credentials& credentials) override;
  Result<KeyPermissions> CheckPermissions(const Credentials& credentials) override;

 private:
  Result<std::string> SignedGet(const net::Url& base, std::string_view path, const Credentials& c);
  Status SyncClock();
  net::Url futures_, spot_;
  net::HttpClient& http_;
  std::int64_t recv_window_ms_;
  std::int64_t offset_ms_ = 0;  // venue time minus our clock
};

}  // namespace baro::exchanges::binance
