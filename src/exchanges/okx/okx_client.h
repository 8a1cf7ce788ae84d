// OKX v5 perpetual swaps (instType=SWAP), read with an HMAC key and its passphrase
// (shared/reference/exchanges.md §4; okx.com/docs-v5 "REST Authentication", "Trading Account"):
// positions from GET /api/v5/account/positions?instType=SWAP, account margin from
// /api/v5/account/balance, the key's permissions from /api/v5/account/config (accepted only when
// `perm` is exactly read_only). Sizes arrive in contracts and are converted to base units with
// `ctVal` from the public instrument list, kept for the contract lifetime. Requests are signed with
// base64(HMAC-SHA256(secret, timestamp + method + path?query + body)), an ISO-8601 millisecond
// timestamp and the plain passphrase in OK-ACCESS-PASSPHRASE; a 50102 timestamp error resyncs from
// /api/v5/public/time once.
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

namespace baro::exchanges::okx {

// The (method, path) pairs this client can build a request for (ReadOnlyRequest refuses any
// other); the no-trading test asserts over this very table.
std::span<const ReadEndpoint> AllowedReads();

// Private limits are per account (exchanges.md §4.7: positions and balance 10 per 2 s, config 5 per
// 2 s per User ID), so nothing is counted per address; a 50011 defers only the account that got it.

// "2020-12-08T09:08:57.715Z" for a millisecond Unix time.
std::string IsoTimestamp(std::int64_t ms);
std::string Sign(std::string_view timestamp, std::string_view method, std::string_view request_path,
                 std::string_view body, const SecretBytes& secret);

// Base units per contract by instId, for linear swaps (ctType "linear").
Result<std::unordered_map<std::string, double>> ParseInstruments(std::string_view body);
using ContractSize = std::function<std::optional<double>(const std::string& inst_id)>;
// Open USDT- and USDC-margined SWAP positions (coin-margined swaps such as BTC-USD-SWAP are left
// out, and counted in `coin_margined` when given); kBadResponse when a position's contract size is
// unknown.
Result<std::vector<Position>> ParsePositions(std::string_view body, const ContractSize& size,
                                             std::string_view account,
                                             int* coin_margined = nullptr);
Result<Account> ParseBalance(std::string_view body);
Result<KeyPermissions> ParseAccountConfig(std::string_view body);
// HTTP status and the {"code","msg"} envelope to the small error set; nullopt for code "0".
std::optional<Error> MapError(int status, std::string_view body);
// MapError, with a rate-limit answer's (HTTP 429 / 50011) wait taken from its Retry-After header
// when it has one, else the 2-second window the limits count in.
std::optional<Error> MapResponse(const net::HttpResponse& response);

class OkxClient final : public KeyedClient {
 public:
  OkxClient(net::Url base, VenueLink& link);
  Result<AccountSnapshot> ReadAccount(const Credentials& credentials) override;
  Result<KeyPermissions> CheckPermissions(const Credentials& credentials) override;

 private:
  Result<net::HttpRequest> Signed(std::string_view path, std::string_view query,
                                  std::int64_t now_ms, const Credentials& c) const override;
  std::optional<Error> MapAnswer(const net::HttpResponse& r) const override {
    return MapResponse(r);
  }
  std::string_view TimePath() const override { return "/api/v5/public/time"; }
  std::optional<std::int64_t> ServerTimeMs(std::string_view body) const override;
  Status LoadContracts(bool force);
};

}  // namespace baro::exchanges::okx
