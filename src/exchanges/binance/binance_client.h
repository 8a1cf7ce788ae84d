// Binance USD-M futures, read with an HMAC key (shared/reference/exchanges.md §2): positions from
// GET /fapi/v3/positionRisk with leverage and margin type from /fapi/v1/symbolConfig, account
// margin from /fapi/v3/account (a steady-state read is these two: 10 weight; symbolConfig,
// accountConfig, leverageBracket and the COIN-M count are kept between reads, account_cache.h), key
// permissions from GET /sapi/v1/account/apiRestrictions on the spot host. Requests carry timestamp
// and recvWindow and are signed with hex HMAC-SHA256 over the exact query string; a -1021 timestamp
// error resyncs the clock offset from /fapi/v1/time once. COIN-M positions are not watched, only
// counted: GET /dapi/v1/positionRisk on the COIN-M host, signed the same way with the same key
// (https://developers.binance.com/docs/derivatives/coin-margined-futures/trade/rest-api/Position-Information);
// the open ones are reported as "COIN-M futures" positions not watched. A key that may not read
// COIN-M, or a COIN-M host that does not answer, leaves the USD-M read as it is.
#pragma once

#include <atomic>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "exchanges/keyed_client.h"
#include "exchanges/read_only_request.h"
#include "exchanges/venue_client.h"
#include "exchanges/venue_link.h"

namespace baro::exchanges::binance {

// The (method, path) pairs this client can build a request for (ReadOnlyRequest refuses any
// other); the no-trading test asserts over this very table.
std::span<const ReadEndpoint> AllowedReads();

// Published request weights and the per-IP limit they count against (exchanges.md §2.7:
// REQUEST_WEIGHT 2400 per minute per IP; positionRisk v3, account v3 and symbolConfig 5 each).
struct RequestWeights {
  std::int64_t position_risk = 5;
  std::int64_t symbol_config = 5;
  std::int64_t account = 5;
  std::int64_t account_config = 5;
  std::int64_t time = 1;
  std::int64_t api_restrictions = 1;
  std::int64_t leverage_bracket = 1;
  // GET /dapi/v1/positionRisk: 1 on the COIN-M host's own budget; counted against this one.
  std::int64_t coin_position_risk = 1;
};
inline constexpr RequestWeights kWeight{};
inline constexpr BudgetLimit kIpLimit{2400, 60'000};

// "query&signature=<hex>", for fixed inputs (tests use the official vectors).
std::string SignQuery(std::string_view query, const SecretBytes& secret);

Result<std::vector<Position>> ParsePositionRisk(std::string_view body,
                                                std::string_view symbol_config,
                                                std::string_view account);
// The cross accounts of GET /fapi/v3/account: in multi-assets mode one pool from
// totalCrossWalletBalance + totalCrossUnPnl; in single-asset mode one per margin asset from its
// crossWalletBalance + crossUnPnl, USDT first (the main account), the others named by their asset.
// Each requirement is its cross `positions`' maintMargin.
Result<std::vector<Account>> ParseAccount(std::string_view body, bool multi_assets,
                                          std::span<const Position> positions = {});
// GET /fapi/v1/accountConfig: whether the account is in multi-assets mode.
Result<bool> ParseMultiAssetsMode(std::string_view body);
// GET /fapi/v1/leverageBracket: the account's brackets per symbol (notionalFloor, notionalCap,
// maintMarginRatio, cum), as maintenance tiers.
Result<std::map<std::string, std::vector<risk::Tier>>> ParseLeverageBrackets(std::string_view body);
Result<KeyPermissions> ParseApiRestrictions(std::string_view body);
// What is kept of a per-symbol answer (symbolConfig, leverageBracket; a list of rows with
// "symbol", or one such row): {"covered":[symbols],"rows":[the rows of those symbols]}.
Result<std::string> KeepSymbols(std::string_view body, const std::set<std::string>& symbols);
// Whether a kept per-symbol answer was read for every one of `symbols`.
bool KeptCovers(std::string_view kept, const std::set<std::string>& symbols);
// The rows of a kept per-symbol answer, as a JSON list.
std::string KeptRows(std::string_view kept);
// GET /dapi/v1/positionRisk: how many rows hold an open position (positionAmt != 0).
Result<int> CountOpenCoinPositions(std::string_view body);
// Maps a Binance error answer ({"code":-2015,"msg":...} with its HTTP status) to an Error.
Error MapError(int status, std::string_view body, std::string_view retry_after);

class BinanceClient final : public KeyedClient {
 public:
  BinanceClient(net::Url futures, net::Url coin_futures, net::Url spot, VenueLink& link);
  Result<AccountSnapshot> ReadAccount(const Credentials& credentials) override;
  Result<KeyPermissions> CheckPermissions(const Credentials& credentials) override;

 private:
  // `query` (may be empty) with recvWindow and timestamp, signed last.
  Result<net::HttpRequest> Signed(std::string_view path, std::string_view query,
                                  std::int64_t now_ms, const Credentials& c) const override;
  std::optional<Error> MapAnswer(const net::HttpResponse& r) const override;
  std::string_view TimePath() const override { return "/fapi/v1/time"; }
  std::optional<std::int64_t> ServerTimeMs(std::string_view body) const override;
  // Open COIN-M positions, or nothing when COIN-M cannot be read (logged).
  std::optional<int> CountCoinPositions(const Credentials& c);
  // The rows of a per-symbol read (symbolConfig, leverageBracket) for the symbols held, kept
  // under `policy` while they cover every held symbol; "[]" when nothing is held.
  Result<std::string> KeptPerSymbol(const Credentials& c, std::string_view path,
                                    std::int64_t weight, const CachePolicy& policy,
                                    const std::set<std::string>& symbols);
  net::Url coin_futures_;
  net::Url spot_;
};

}  // namespace baro::exchanges::binance
