// The dated snapshot of Binance USD-M leverage brackets for every symbol (generated from a public
// dump by scripts/binance_brackets.py; date and source in binance_brackets.cpp): what hand-entered
// Binance positions use when no connected account has brought the symbol's own brackets (Binance
// serves them only to a signed request).
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace baro::risk {

inline constexpr std::string_view kBinanceBracketsDate = "2024-10-24";

struct BracketTable {
  std::string_view symbol;                          // e.g. "BTCUSDT"
  std::vector<std::pair<double, double>> brackets;  // notional floor, maintenance rate
};

const std::vector<BracketTable>& BinanceBrackets();

}  // namespace baro::risk
