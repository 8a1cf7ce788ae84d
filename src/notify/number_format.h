// How the bot writes numbers and names, the same way the page does (web/ui/js/format.js and
// venues.js): thousands separators, prices at a precision that follows their size, leverage as the
// configured setting, venues by their brand names. Both supported languages group digits by
// thousands with a comma and use a full stop for decimals (Unicode CLDR, en-US and ko-KR).
#pragma once

#include <string>
#include <string_view>

namespace baro::notify {

// `value` with at most `max_decimals` decimals (rounded, trailing zeros dropped) and thousands
// separators: 1234567.5 -> "1,234,567.5". Not finite: "—".
std::string FormatNumber(double value, int max_decimals);
// A price: 2 decimals from 1,000 up, 4 from 1 up, 8 below (as the page's price()).
std::string FormatPrice(double value);
// How a venue quotes one symbol's price (market::Instrument's price_* fields): a fixed step, or
// HyperLiquid's rule of at most `significant` significant figures and at most `max_decimals`
// decimals (https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/tick-and-lot-size).
struct PricePrecision {
  double tick = 0;        // e.g. 0.1; 0: no fixed step
  int significant = 0;    // 0: no limit
  int max_decimals = -1;  // -1: not known
  bool known() const { return tick > 0 || max_decimals >= 0; }
};
// A price as the venue quotes it: rounded to the tick and shown with the tick's decimals
// ("46,051.7" at 0.1, "2,454.10" at 0.05), or with as many decimals as the significant figures
// allow, up to max_decimals ("97,250", "0.01234"); FormatPrice when the precision is not known.
std::string FormatPriceAt(double value, const PricePrecision& precision);
// A signed amount with 2 decimals: "+1,234.5", "-12", "0".
std::string FormatSigned(double value);
// A fraction as a percentage with 2 decimals: 0.1234 -> "12.34%".
std::string FormatPercent(double fraction);
// Leverage as the page shows it: at most 2 decimals and an "x" ("2x", "12.5x"); "∞x" if infinite.
std::string FormatLeverage(double leverage);

// The brand name of a venue id ("hyperliquid" -> "HyperLiquid"); an unknown id comes back as is.
std::string VenueDisplayName(std::string_view venue_id);

}  // namespace baro::notify
