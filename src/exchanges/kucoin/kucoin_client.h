// KuCoin Futures (classic account, USDT- and USDC-settled; coin-margined positions are counted, not
// read), read with an HMAC key and its passphrase (shared/reference/exchanges.md §7; the official
// OpenAPI specs in Kucoin/kucoin-universal-sdk): positions from GET /api/v1/positions (every
// settlement currency; each of USDT and USDC is its own account; quantities in lots, signed in
// one-way mode, sided by positionSide LONG / SHORT in hedge mode, converted to base units with each
// contract's `multiplier` from the public /api/v1/contracts/active), account margin from
// /api/v1/account-overview?currency=USDT (and USDC), the key's permissions from
// /api/v1/user/api-key on the spot host. Numbers arrive as JSON numbers (exponent forms too).
// Signed as key version 3: KC-API-SIGN = base64(HMAC-SHA256(secret, timestamp + "GET" +
// path?query)) and KC-API-PASSPHRASE = base64(HMAC-SHA256(secret, passphrase)); a 400002 timestamp
// error resyncs from /api/v1/timestamp once (KuCoin allows 5 s of difference).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "exchanges/keyed_client.h"
#include "exchanges/read_only_request.h"
#include "exchanges/venue_client.h"
#include "exchanges/venue_link.h"

namespace baro::exchanges::kucoin {

// The (method, path) pairs this client can build a request for (ReadOnlyRequest refuses any
// other); the no-trading test asserts over this very table.
std::span<const ReadEndpoint> AllowedReads();

// Limits are per account in resource pools (exchanges.md §7.7: Futures 2,000 per 30 s; a read
// costs 7), so nothing is counted per address. The weights each request is charged, from the
// x-api-rate-limit-weight of KuCoin's OpenAPI specs (Kucoin/kucoin-universal-sdk spec/rest/api):
// positions 2 and account-overview 5 (Futures pool), user/api-key 20 (Management pool),
// contracts/active 3 (Public pool, per address).
struct RequestWeights {
  std::int64_t positions = 2;
  std::int64_t account_overview = 5;
  std::int64_t api_key = 20;
  std::int64_t contracts = 3;
};
inline constexpr RequestWeights kWeight{};

std::string Sign(std::string_view payload, const SecretBytes& secret);

// Base units per lot by symbol, for USDT-margined linear contracts.
Result<std::unordered_map<std::string, double>> ParseContracts(std::string_view body);
using ContractSize = std::function<std::optional<double>(const std::string& symbol)>;
Result<std::vector<Position>> ParsePositions(std::string_view body, const ContractSize& size,
                                             std::string_view account);
// How many open coin-margined (inverse) positions a /api/v1/positions answer holds.
Result<int> CountCoinMargined(std::string_view body);
Result<Account> ParseAccountOverview(std::string_view body);
Result<KeyPermissions> ParseApiKey(std::string_view body);
// KuCoin's resource pools refill in fixed windows of this length.
inline constexpr std::int64_t kPoolWindowMs = 30'000;

// HTTP status and the {"code","msg"} envelope to the small error set; nullopt for "200000". A
// rate-limit answer waits for the pool window (kPoolWindowMs).
std::optional<Error> MapError(int status, std::string_view body);
// MapError, with a rate-limit answer's wait taken from its Retry-After header, else its
// gw-ratelimit-reset header (milliseconds until the pool refills), when present.
std::optional<Error> MapResponse(const net::HttpResponse& response);

class KucoinClient final : public KeyedClient {
 public:
  KucoinClient(net::Url futures, net::Url spot, VenueLink& link);
  Result<AccountSnapshot> ReadAccount(const Credentials& credentials) override;
  Result<KeyPermissions> CheckPermissions(const Credentials& credentials) override;

 private:
  Result<net::HttpRequest> Signed(std::string_view path, std::string_view query,
                                  std::int64_t now_ms, const Credentials& c) const override;
  std::optional<Error> MapAnswer(const net::HttpResponse& r) const override {
    return MapResponse(r);
  }
  std::string_view TimePath() const override { return "/api/v1/timestamp"; }
  std::optional<std::int64_t> ServerTimeMs(std::string_view body) const override;
  Status LoadContracts(bool force);
  net::Url spot_;
};

}  // namespace baro::exchanges::kucoin
