// Validates a hand-entered position from JSON: known venue and symbol, side, positive finite
// numbers, leverage within the venue's maximum. Every refusal names the field and says what to fix.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "market/market_data.h"
#include "store/records.h"

namespace baro::web {

struct FieldError {
  std::string field;
  std::string message;  // translated
};

// `base` holds the current values when editing (fields absent from `body` keep them).
Result<store::ManualPosition> ParseManualPosition(const boost::json::object& body,
                                                  const store::ManualPosition& base,
                                                  market::MarketData* market,
                                                  std::string_view locale, FieldError& error);

boost::json::object ManualPositionJson(const store::ManualPosition& p);

}  // namespace baro::web
