#include "risk/venue_formulas.h"

#include <cmath>

namespace baro::risk {

std::vector<Tier> TiersWithDeductions(std::span<const std::pair<double, double>> floor_and_rate) {
  std::vector<Tier> out;
  double deduction = 0;
  for (std::size_t i = 0; i < floor_and_rate.size(); ++i) {
    const auto [floor, rate] = floor_and_rate[i];
    if (i > 0) deduction += floor * (rate - floor_and_rate[i - 1].second);
    Tier t;
    t.notional_floor = floor;
    t.notional_cap = i + 1 < floor_and_rate.size() ? floor_and_rate[i + 1].first : 1e300;
    t.mmr = rate;
    t.deduction = deduction;
    out.push_back(t);
  }
  return out;
}

bool VenueHasDeductions(Venue venue) {
  switch (venue) {
    case Venue::kHyperliquid:
    case Venue::kBinance:
    case Venue::kBybit:
    case Venue::kGate:
      return true;
    case Venue::kOkx:
    case Venue::kBitget:
    case Venue::kKucoin:
      return false;
  }
  return true;
}

std::vector<Tier> VenueTiers(Venue venue,
                             std::span<const std::pair<double, double>> floor_and_rate) {
  std::vector<Tier> tiers = TiersWithDeductions(floor_and_rate);
  if (!VenueHasDeductions(venue)) {
    for (Tier& t : tiers) t.deduction = 0;
  }
  return tiers;
}

std::vector<Tier> HyperliquidTiers(
    std::span<const std::pair<double, double>> floor_and_max_leverage) {
  std::vector<std::pair<double, double>> rates;
  for (const auto& [floor, max_leverage] : floor_and_max_leverage) {
    rates.emplace_back(floor, HyperliquidMaintenanceRate(max_leverage));
  }
  return TiersWithDeductions(rates);
}

}  // namespace baro::risk
