// Bitget v2 USDT-margined futures (productType=USDT-FUTURES), read with an HMAC key and its
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
// The USDT account of /api/v2/mix/account/accounts (a list), or of /account (one object).
Result<Account> ParseAccounts(std::string_view body);
// The key's verdict from its `authorities`: refused, naming each read-write authority (any value
// ending in "w", "trade", "p2p") to turn off; accepted otherwise.
Result<KeyPermissions> ParseSpotAccountInfo(std::string_view body);
// HTTP status and the {"code","msg",...} envelope to the small error set; nullopt for "00000".
std::optional<Error> MapError(int status, std::string_view body);

class BitgetClient final : public VenueClient {
 public:
  BitgetClient(net::Url base, VenueLink& link) : base_(std::move(base)), link_(link) {}
  Result<AccountSnapshot> ReadAccount(const Credentials& credentials) override;
  Result<KeyPermissions> CheckPermissions(const Credentials& credentials) override;

 private:
  Result<std::string> SignedGet(std::string_view path, std::string_view query,
                                const Credentials& c);
  Status SyncClock();
  net::Url base_;
  VenueLink& link_;
};

}  // namespace baro::exchanges::bitget
