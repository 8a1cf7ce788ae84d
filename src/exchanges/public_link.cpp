#include "exchanges/public_link.h"

#include <array>

// The limits only (header constants): nothing of the signed clients is linked from here.
#include "exchanges/binance/binance_client.h"
#include "exchanges/bitget/bitget_client.h"
#include "exchanges/bybit/bybit_client.h"
#include "exchanges/hyperliquid/hyperliquid_client.h"

namespace baro::exchanges {
namespace {

// The public endpoints each venue's *_market.cpp reads, with the weights the venues publish:
// HyperLiquid: every /info request but a few is weight 20 (metaAndAssetCtxs, meta):
//   https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/rate-limits
constexpr std::array<ReadEndpoint, 1> kHyperliquid = {{{"POST", "/info", 20}}};
// Binance USD-M: premiumIndex without a symbol is weight 10:
//   https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Mark-Price
constexpr std::array<ReadEndpoint, 1> kBinance = {{{"GET", "/fapi/v1/premiumIndex", 10}}};
// Bybit v5: https://bybit-exchange.github.io/docs/v5/market/tickers,
//   https://bybit-exchange.github.io/docs/v5/market/risk-limit
constexpr std::array<ReadEndpoint, 2> kBybit = {
    {{"GET", "/v5/market/tickers"}, {"GET", "/v5/market/risk-limit"}}};
// OKX v5: https://www.okx.com/docs-v5/en/#public-data-rest-api-get-mark-price,
//   #public-data-rest-api-get-instruments, #public-data-rest-api-get-position-tiers
constexpr std::array<ReadEndpoint, 3> kOkx = {{{"GET", "/api/v5/public/mark-price"},
                                               {"GET", "/api/v5/public/instruments"},
                                               {"GET", "/api/v5/public/position-tiers"}}};
// Bitget v2: https://www.bitget.com/api-doc/contract/market/Get-All-Symbol-Ticker,
//   https://www.bitget.com/api-doc/contract/position/Get-Query-Position-Lever
constexpr std::array<ReadEndpoint, 2> kBitget = {
    {{"GET", "/api/v2/mix/market/tickers"}, {"GET", "/api/v2/mix/market/query-position-lever"}}};
// Gate v4: https://www.gate.io/docs/developers/apiv4/#list-all-futures-contracts,
//   #list-risk-limit-tiers
constexpr std::array<ReadEndpoint, 2> kGate = {
    {{"GET", "/api/v4/futures/usdt/contracts"}, {"GET", "/api/v4/futures/usdt/risk_limit_tiers"}}};
// KuCoin Futures: https://www.kucoin.com/docs/rest/futures-trading/market-data/get-symbols-list,
//   https://www.kucoin.com/docs/rest/futures-trading/risk-limit/get-futures-risk-limit-level
//   (the symbol is the last path segment); the stream token (weight 10 on the public pool):
//   https://www.kucoin.com/docs/websocket/basic-info/apply-connect-token/public-token-no-authentication-required
constexpr std::array<ReadEndpoint, 3> kKucoin = {{{"GET", "/api/v1/contracts/active"},
                                                  {"GET", "/api/v1/contracts/risk-limit/{}"},
                                                  {"POST", kKucoinPublicTokenPath, 10}}};

}  // namespace

BudgetLimit PublishedAddressLimit(Venue venue) {
  switch (venue) {
    case Venue::kHyperliquid:
      return hyperliquid::kIpLimit;
    case Venue::kBinance:
      return binance::kIpLimit;
    case Venue::kBybit:
      return bybit::kIpLimit;
    case Venue::kBitget:
      return bitget::kIpLimit;
    case Venue::kOkx:
    case Venue::kGate:
    case Venue::kKucoin:
      return {};
  }
  return {};
}

std::span<const ReadEndpoint> PublicReads(Venue venue) {
  switch (venue) {
    case Venue::kHyperliquid:
      return kHyperliquid;
    case Venue::kBinance:
      return kBinance;
    case Venue::kBybit:
      return kBybit;
    case Venue::kOkx:
      return kOkx;
    case Venue::kBitget:
      return kBitget;
    case Venue::kGate:
      return kGate;
    case Venue::kKucoin:
      return kKucoin;
  }
  return {};
}

Result<net::HttpResponse> PublicLink::Send(const net::Url& base, const net::HttpRequest& request) {
  auto built = ReadOnlyRequest(allowed_, request.method, request.Path(), request.Query());
  if (!built) return built.error();
  const ReadEndpoint* entry = FindReadEndpoint(allowed_, request.method, request.Path());
  built->headers = request.headers;
  built->body = request.body;
  return link_.Send(base, *built, entry != nullptr ? entry->weight : 1);
}

}  // namespace baro::exchanges
