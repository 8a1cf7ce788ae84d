// The read-only venue interface: every venue folder implements it, and the fetcher (the only
// process that ever holds plaintext keys) is its only caller. Reads only: the interface has no
// method that could change anything on a venue, and the venues' request builders know only their
// allow-listed read endpoints.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/position.h"
#include "core/result.h"
#include "core/secret.h"
#include "core/venue.h"
#include "exchanges/public_link.h"  // PublishedAddressLimit
#include "exchanges/read_only_request.h"
#include "exchanges/venue_link.h"
#include "net/http_client.h"
#include "risk/liquidation.h"

namespace baro::exchanges {

struct Credentials {
  std::string wallet_address;  // HyperLiquid
  SecretBytes api_key;
  SecretBytes api_secret;
  SecretBytes passphrase;  // OKX, Bitget, KuCoin
  // Whose rarely-changing answers the client may keep between reads (account_cache.h); empty
  // connection: nothing is kept, every read asks for everything.
  AccountKey account;
};

// Positions a read could not watch: a product Baro does not read (coin-margined futures), or a
// separately margined account whose read failed (a HyperLiquid HIP-3 dex).
struct ReadGap {
  std::string product;         // as the venue names it, e.g. "COIN-FUTURES", "HIP-3 dex xyz"
  int positions = 0;           // how many open positions are not watched; 0 when not known
  std::string margin_account;  // a failed account's name: its positions keep their last state
  std::string error;           // the failed read's error code, empty for a product not read
};

struct AccountSnapshot {
  std::vector<Position> positions;
  std::optional<Account> account;  // the main account (Account::name empty)
  // Further separately margined accounts, each with its positions' margin_account as name.
  std::vector<Account> other_accounts;
  std::vector<ReadGap> gaps;
  // The account's own maintenance tiers by venue symbol, where the venue reports them with the
  // read (Binance's leverage brackets); the worker prefers them to public tiers for estimates.
  std::map<std::string, std::vector<risk::Tier>> tiers;
};

enum class KeyVerdict { kAccepted, kAcceptedWithWarning, kRefused, kUnverified };
std::string_view ToString(KeyVerdict v);

struct KeyPermissions {
  KeyVerdict verdict = KeyVerdict::kRefused;
  std::vector<std::string> permissions_found;  // as the venue names them
  std::vector<std::string> turn_off;           // permissions the user must disable
  std::vector<std::string> warnings;           // i18n keys, e.g. "connect.warning.binance_futures"
  bool ip_restricted = false;
};

inline constexpr std::string_view kBinanceFuturesHost = "https://fapi.binance.com";
inline constexpr std::string_view kBinanceCoinFuturesHost = "https://dapi.binance.com";

// Base URLs of every host a venue is read from (configurable, for proxies, testnets and fakes).
struct VenueEndpoints {
  std::string hyperliquid = "https://api.hyperliquid.xyz";
  std::string binance_futures = std::string(kBinanceFuturesHost);
  // Empty: see BinanceCoinFuturesBase.
  std::string binance_coin_futures;
  std::string binance_spot = "https://api.binance.com";
  std::string bybit = "https://api.bybit.com";
  std::string okx = "https://www.okx.com";
  std::string bitget = "https://api.bitget.com";
  std::string gate = "https://api.gateio.ws";
  std::string kucoin_futures = "https://api-futures.kucoin.com";
  std::string kucoin_spot = "https://api.kucoin.com";
};

// Where Binance COIN-M is read: binance_coin_futures when set; else Binance's own COIN-M host
// while binance_futures is Binance's own USD-M host, and binance_futures itself when that points
// elsewhere (a relay or a test double serving both), so COIN-M never bypasses it.
std::string BinanceCoinFuturesBase(const VenueEndpoints& endpoints);

class VenueClient {
 public:
  virtual ~VenueClient() = default;
  virtual Result<AccountSnapshot> ReadAccount(const Credentials& credentials) = 0;
  virtual Result<KeyPermissions> CheckPermissions(const Credentials& credentials) = 0;
};

// The client for `venue`, sending through `link` (owned by the caller: one HTTP client per
// thread, one VenueState per venue per process).
Result<std::unique_ptr<VenueClient>> MakeVenueClient(Venue venue, const VenueEndpoints& endpoints,
                                                     VenueLink& link);

// Every (method, path) the venue's client can build a request for: its allow-listed reads.
std::span<const ReadEndpoint> AllowedReads(Venue venue);

}  // namespace baro::exchanges
