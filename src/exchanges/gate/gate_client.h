// Gate v4 USDT-settled perpetual futures, read with an HMAC key (shared/reference/exchanges.md §6;
// gate.io/docs/developers/apiv4 "API Signature string generation", FuturesApi list_positions and
// list_futures_accounts): positions from GET /api/v4/futures/usdt/positions?holding=true (signed
// sizes in contracts, converted to base units with `quanto_multiplier` from the public contract
// list; `leverage` "0" means cross; `liq_price` "0", and "99999999" for a short that cannot be
// liquidated, mean none; times in seconds; read in pages of kPositionsPageLimit rows with
// limit/offset), account margin from /api/v4/futures/usdt/accounts. Signed with hex HMAC-SHA512
// over "GET\n" + path + "\n" + query + "\n" + hex SHA-512 of the body + "\n" + timestamp in
// seconds; a REQUEST_EXPIRED answer resyncs from /api/v4/spot/time once.
//
// Gate exposes no endpoint that reveals a key's own permissions: CheckPermissions proves the key
// can read (positions and /api/v4/account/detail, which also shows its IP allow-list) and answers
// KeyVerdict::kUnverified. It never probes a permission by attempting a write.
#pragma once

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

namespace baro::exchanges::gate {

// The (method, path) pairs this client can build a request for (ReadOnlyRequest refuses any
// other); the no-trading test asserts over this very table.
std::span<const ReadEndpoint> AllowedReads();

// Limits are per account and endpoint (exchanges.md §6.7: positions and accounts 200 per 10 s),
// so nothing is counted per address.

// Gate's largest page of positions (`limit` must lie in [1, 100]); a full page asks for the next.
inline constexpr int kPositionsPageLimit = 100;
// At most this many pages are read (10,000 positions); a longer list is refused as unreadable.
inline constexpr int kMaxPositionPages = 100;
// Gate's liquidation price for a position that cannot be liquidated (a short with ample cross
// margin, in Gate's own example for GET /futures/{settle}/positions); like "0", it means none.
inline constexpr double kNoLiquidationPrice = 99999999;

std::string Sign(std::string_view method, std::string_view path, std::string_view query,
                 std::string_view body, std::string_view timestamp, const SecretBytes& secret);

// Base units per contract by contract name, from GET /api/v4/futures/usdt/contracts.
Result<std::unordered_map<std::string, double>> ParseContracts(std::string_view body);
using ContractSize = std::function<std::optional<double>(const std::string& contract)>;
Result<std::vector<Position>> ParsePositions(std::string_view body, const ContractSize& size,
                                             std::string_view account);
// The query of one page of held positions, e.g. "holding=true&limit=100&offset=200".
std::string PositionsPageQuery(int offset);
// The cross account from GET /api/v4/futures/usdt/accounts: the account's own cross figures
// where it reports them, else the total less the isolated `positions`' margin, with the cross
// positions' uPnL and requirement.
Result<Account> ParseAccounts(std::string_view body, std::span<const Position> positions = {});
// Whether /api/v4/account/detail names an IP allow-list.
Result<bool> ParseAccountDetailIpRestricted(std::string_view body);
// HTTP status and the {"label","message"} body to the small error set; nullopt for a 2xx answer.
std::optional<Error> MapError(int status, std::string_view body);
// MapError, with a rate-limit answer's wait taken from its Retry-After header, else from
// X-Gate-RateLimit-Reset-Timestamp (the Unix time in milliseconds when the limit frees again,
// https://www.gate.io/docs/developers/apiv4/#rate-limit) against the venue's clock `venue_now_ms`.
std::optional<Error> MapResponse(const net::HttpResponse& response, std::int64_t venue_now_ms);

class GateClient final : public KeyedClient {
 public:
  GateClient(net::Url base, VenueLink& link);
  Result<AccountSnapshot> ReadAccount(const Credentials& credentials) override;
  Result<KeyPermissions> CheckPermissions(const Credentials& credentials) override;

 private:
  Result<net::HttpRequest> Signed(std::string_view path, std::string_view query,
                                  std::int64_t now_ms, const Credentials& c) const override;
  // As MapError, with USER_NOT_FOUND (no futures account yet) read as an answer.
  std::optional<Error> MapAnswer(const net::HttpResponse& r) const override;
  std::string_view TimePath() const override { return "/api/v4/spot/time"; }
  std::optional<std::int64_t> ServerTimeMs(std::string_view body) const override;
  Status LoadContracts(bool force);
  // Open positions of BTC-settled futures, every page.
  Result<int> CountBtcSettled(const Credentials& c);
};

}  // namespace baro::exchanges::gate
