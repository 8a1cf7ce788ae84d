#include "risk/tier_snapshot.h"

#include <algorithm>
#include <array>
#include <utility>

namespace baro::risk {
namespace {

using Pairs = std::vector<std::pair<double, double>>;

// The fee each venue's formula adds to the maintenance rate (risk.md §0 table): OKX, Bitget and
// Gate use the taker fee, KuCoin the liquidation fee; HyperLiquid, Binance and Bybit none.
// Rates: OKX 0.05 % (risk.md §2.5), Bitget 0.06 % (its close-out guard, §1.5), Gate 0.075 %
// (Gate's 2023 reply, §1.6), KuCoin 0.06 % (SDK fixture taker, §3).
double FormulaFee(Venue venue) {
  switch (venue) {
    case Venue::kOkx:
      return 0.0005;
    case Venue::kBitget:
      return 0.0006;
    case Venue::kGate:
      return 0.00075;
    case Venue::kKucoin:
      return 0.0006;
    default:
      return 0;
  }
}

// The highest first-bracket rate Binance lists for a USD-M perpetual (see
// SnapshotHighestFirstRate).
constexpr double kBinanceHighestFirstRate = 0.03;

// The highest first-tier rate among the snapshot's symbols of one venue, 0 when it lists none.
double SnapshotHighestFirstRate(Venue venue);

}  // namespace

std::optional<VenueRiskSpec> SnapshotSpec(Venue venue, std::string_view symbol) {
  VenueRiskSpec spec;
  spec.formula_fee_rate = FormulaFee(venue);
  switch (venue) {
    case Venue::kHyperliquid:
      // gitbook "Margin tiers" (stored 2026 version): BTC 40x to 150M, then 20x; ETH 25x to 100M,
      // then 15x.
      if (symbol == "BTC") {
        spec.tiers = HyperliquidTiers(Pairs{{0, 40}, {150e6, 20}});
        spec.max_leverage = 40;
        return spec;
      }
      if (symbol == "ETH") {
        spec.tiers = HyperliquidTiers(Pairs{{0, 25}, {100e6, 15}});
        spec.max_leverage = 25;
        return spec;
      }
      return std::nullopt;
    case Venue::kBinance:
      // GET /fapi/v1/leverageBracket for BTCUSDT of 2024-10-24 (risk.md §3): 0-50k 0.40 %,
      // 50k-600k 0.50 %, 600k-3M 0.65 %, 3M-12M 1.00 %, 12M-70M 2.00 %.
      if (symbol == "BTCUSDT") {
        spec.tiers = VenueTiers(
            Venue::kBinance,
            Pairs{{0, 0.004}, {50e3, 0.005}, {600e3, 0.0065}, {3e6, 0.01}, {12e6, 0.02}});
        spec.max_leverage = 125;
        return spec;
      }
      return std::nullopt;
    case Venue::kBybit:
      // /v5/market/risk-limit snapshot of 2026-08-05 (risk.md §3).
      if (symbol == "BTCUSDT") {
        spec.tiers =
            TiersWithDeductions(Pairs{{0, 0.005}, {2e6, 0.0056}, {2.6e6, 0.0063}, {3.2e6, 0.0067}});
        spec.max_leverage = 100;
        return spec;
      }
      return std::nullopt;
    case Venue::kBitget:
      // query-position-lever API sample of 2023-09-27.
      if (symbol == "BTCUSDT") {
        spec.tiers = VenueTiers(Venue::kBitget, Pairs{{0, 0.004}, {50e3, 0.005}});
        spec.max_leverage = 125;
        return spec;
      }
      return std::nullopt;
    case Venue::kKucoin:
      // kucoin-universal-sdk positions test fixture (2025); conflicts with some help pages.
      if (symbol == "XBTUSDTM") {
        spec.tiers = VenueTiers(Venue::kKucoin,
                                Pairs{{0, 0.004}, {100e3, 0.005}, {500e3, 0.007}, {1e6, 0.01}});
        spec.max_leverage = 125;
        return spec;
      }
      return std::nullopt;
    case Venue::kOkx:
    case Venue::kGate:
      return std::nullopt;  // no published tier table in the reference: read at run time
  }
  return std::nullopt;
}

namespace {

double SnapshotHighestFirstRate(Venue venue) {
  double highest = 0;
  // Binance lists first-bracket maintenance rates of up to 3 % for USD-M perpetuals on its
  // leverage and margin page
  // (https://www.binance.com/en/futures/trading-rules/perpetual/leverage-margin); the snapshot's
  // one symbol (BTCUSDT, 0.4 %) would understate an altcoin's.
  if (venue == Venue::kBinance) highest = kBinanceHighestFirstRate;
  for (std::string_view symbol : {"BTC", "ETH", "BTCUSDT", "XBTUSDTM"}) {
    if (auto spec = SnapshotSpec(venue, symbol)) highest = std::max(highest, spec->tiers[0].mmr);
  }
  return highest;
}

}  // namespace

double ConservativeRate(Venue venue) {
  if (const double own = SnapshotHighestFirstRate(venue); own > 0) return own;
  // A venue the snapshot lists nothing for: the most conservative rate of the whole snapshot.
  double highest = 0;
  for (Venue other : AllVenues()) highest = std::max(highest, SnapshotHighestFirstRate(other));
  return highest;
}

VenueRiskSpec DefaultSpec(Venue venue, std::optional<double> first_tier_rate) {
  VenueRiskSpec spec;
  spec.formula_fee_rate = FormulaFee(venue);
  spec.tiers = {Tier{0, 1e300, first_tier_rate.value_or(ConservativeRate(venue)), 0}};
  return spec;
}

}  // namespace baro::risk
