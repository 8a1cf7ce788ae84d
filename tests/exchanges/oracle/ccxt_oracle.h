// CCXT as an independent oracle for the venue parsers: the same recorded raw position objects,
// parsed by CCXT's own parsePosition (JavaScript, run with node), so a test can compare side, size,
// entry, mark and liquidation price with Baro's parse.
//
// When node or the npm packages are missing, the answer is kUnavailable (a test skips, saying so);
// with BARO_REQUIRE_ORACLE=1 in the environment (set by `make test`, so in CI) it is kInternal and
// the test fails instead.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace baro::testing {

struct OraclePosition {
  std::string symbol;  // CCXT's unified symbol when markets were given, else the venue's id
  std::string side;    // "long" / "short"
  double contracts = 0;
  std::optional<double> contract_size;  // base units per contract (absent: CCXT did not say)
  std::optional<double> entry_price;
  std::optional<double> mark_price;
  std::optional<double> liquidation_price;
  std::string margin_mode;  // "cross" / "isolated" / ""
  std::optional<double> leverage;
  // Size in base units: contracts × contract size (1 where CCXT gives no contract size).
  double BaseSize() const { return contracts * contract_size.value_or(1.0); }
};

struct OracleInput {
  std::string ccxt_id;            // "okx", "bitget", "gate", "kucoinfutures", "binanceusdm", ...
  std::string positions_json;     // JSON array of the venue's raw position objects
  std::string markets_json = "";  // JSON array of raw instrument objects (for contract sizes)
  std::string method = "parsePosition";  // CCXT's parser for this body, e.g. parsePositionRisk
  std::string settle = "usdt";           // Gate's settle currency
  // Markets in CCXT's unified form, for venues whose markets CCXT builds without parseMarket.
  std::string unified_markets_json = "";
};

Result<std::vector<OraclePosition>> CcxtParsePositions(const OracleInput& input);

// Short form for the common case.
inline Result<std::vector<OraclePosition>> CcxtParsePositions(
    std::string_view ccxt_id, std::string_view raw_positions_json_array,
    std::string_view raw_markets_json_array = "") {
  return CcxtParsePositions(OracleInput{std::string(ccxt_id), std::string(raw_positions_json_array),
                                        std::string(raw_markets_json_array)});
}

}  // namespace baro::testing
