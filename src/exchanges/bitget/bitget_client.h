// Bitget v2 USDT- and USDC-margined futures (productType USDT-FUTURES, USDC-FUTURES; coin-margined
// COIN-FUTURES positions are counted, not read), read with an HMAC key and its
// passphrase (shared/reference/exchanges.md §5; bitget.com/api-doc "Signature", "Get All
// Position", "Get Account List", spot "Get Account Information"): positions from
// GET /api/v2/mix/position/all-position (sizes already in the base coin; a liquidation price <= 0
// means none), account margin from /api/v2/mix/account/accounts, the key's permissions from the
// `authorities` of /api/v2/spot/account/info. Signed with base64(HMAC-SHA256(secret, timestamp +
// "GET" + path + "?" + query)), a millisecond timestamp and the plain passphrase; a 40008 timestamp
// error resyncs from /api/v2/public/time once.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "exchanges/keyed_client.h"
#include "exchanges/read_only_request.h"
#include "exchanges/venue_client.h"
#include "exchanges/venue_link.h"

namespace baro::exchanges::bitget {

// The (method, path) pairs this client can build a request for (ReadOnlyRequest refuses any
// other); the no-trading test asserts over this very table.
std::span<const ReadEndpoint> AllowedReads();

// The overall per-IP limit: 6000 requests a minute over all REST endpoints (bitget.com/api-doc/
// common/quick-start "Frequency limit rules"); answered with HTTP 429. The per-endpoint limits are
// per account (exchanges.md §5.7: all-position 5/s, accounts 10/s, spot account info 1/s per UID)
// and cannot be reached by one read every few minutes, so a 429 means the address's limit.
inline constexpr BudgetLimit kIpLimit{6000, 60'000};

std::string Sign(std::string_view timestamp, std::string_view method, std::string_view path,
                 std::string_view query, const SecretBytes& secret);

Result<std::vector<Position>> ParseAllPosition(std::string_view body, std::string_view account);
// The `margin_coin` account of /api/v2/mix/account/accounts (a list), or of /account (one
// object).
Result<Account> ParseAccounts(std::string_view body, std::string_view margin_coin = "USDT");
// The key's verdict from its `authorities`, an allow-list: accepted only when every authority is a
// known read-only one; otherwise refused, naming each other authority (Bitget's page name for the
// known read-write ones, its own name for any other), or the missing `authorities` field.
Result<KeyPermissions> ParseSpotAccountInfo(std::string_view body);
// HTTP status and the {"code","msg",...} envelope to the small error set; nullopt for "00000".
std::optional<Error> MapError(int status, std::string_view body);

class BitgetClient final : public KeyedClient {
 public:
  BitgetClient(net::Url base, VenueLink& link);
  Result<AccountSnapshot> ReadAccount(const Credentials& credentials) override;
  Result<KeyPermissions> CheckPermissions(const Credentials& credentials) override;

 private:
  Result<net::HttpRequest> Signed(std::string_view path, std::string_view query,
                                  std::int64_t now_ms, const Credentials& c) const override;
  std::optional<Error> MapAnswer(const net::HttpResponse& r) const override {
    return MapError(r.status, r.body);
  }
  std::string_view TimePath() const override { return "/api/v2/public/time"; }
  std::optional<std::int64_t> ServerTimeMs(std::string_view body) const override;
};

}  // namespace baro::exchanges::bitget
