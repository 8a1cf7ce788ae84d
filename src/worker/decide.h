// Decide: from one check's observation and assessment, everything the check writes — the alert
// policy's new states, the alerts and the Telegram messages that announce them, the connection's
// health, notes on what could not be watched, and the position snapshots for the page — as one
// store::CheckCommit (written in one transaction by Store::CommitCheck). Pure: it reads nothing
// and writes nothing, so the same observation always gives the same commit.
//  - A connection that cannot be read keeps its last snapshot and counts a failure; after
//    failures_before_attention failures it is shown as needing attention and the user is told once.
//  - Hand-entered positions whose prices cannot be read stay on the page as "price unavailable";
//    after failures_before_attention such checks the user is told once.
//  - A read that could not watch a product or a separately margined account says so with the
//    connection, told once until it goes away.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "market/market_data.h"
#include "notify/number_format.h"
#include "risk/thresholds.h"
#include "store/store.h"
#include "worker/assess.h"
#include "worker/observation.h"

namespace baro::worker {

// How a venue quotes a symbol's price (its tick), for the prices an alert shows; asked only for a
// position with an alert to announce.
using PricePrecisionLookup = std::function<notify::PricePrecision(Venue, std::string_view)>;

struct DecideOptions {
  int failures_before_attention = 3;
  std::string page_url;  // server.public_url, for the alerts' buttons (notify/alert_keyboard.h)
  PricePrecisionLookup price_precision;  // empty: prices in the default format
};

// The lookup over a venue's public instrument table (market::Instrument's price_* fields): the
// default format for a symbol the table does not list or a venue that cannot be read.
PricePrecisionLookup PricePrecisionFrom(market::MarketData& market);

// The level hand-entered positions and failed margin accounts show while their figures are
// unavailable.
inline constexpr std::string_view kPriceUnavailable = "unavailable";

store::CheckCommit Decide(const Observation& observation,
                          const std::vector<AssessedPosition>& assessed,
                          const DecideOptions& options, std::int64_t now);

// Whether a commit writes nothing at all.
bool Empty(const store::CheckCommit& commit);

}  // namespace baro::worker
