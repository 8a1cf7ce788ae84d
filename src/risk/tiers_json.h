// Maintenance tiers as JSON, for the fetcher protocol: a venue that reports an account's own tiers
// (Binance's leverage brackets) hands them to the worker as [[floor, cap, rate, deduction], ...].
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <vector>

#include "risk/liquidation.h"

namespace baro::risk {

boost::json::value TiersToJson(const std::vector<Tier>& tiers);
// nullopt for anything that is not a list of four-number rows.
std::optional<std::vector<Tier>> TiersFromJson(const boost::json::value& v);

}  // namespace baro::risk
