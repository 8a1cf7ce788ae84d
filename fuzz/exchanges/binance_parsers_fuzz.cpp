// Binance's parsers on arbitrary bytes: positionRisk v3 with symbolConfig, account v3, leverage
// brackets (the account's tiers), apiRestrictions (the key verdict), error answers and the public
// premiumIndex, and accountConfig (multi-assets mode). Any input must give a value or an Error, never a crash.
#include <cstdint>

#include "exchanges/binance/binance_client.h"
#include "exchanges/binance/binance_market.h"
#include "fuzz_input.h"

namespace binance = baro::exchanges::binance;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = baro::fuzz::AsText(data, size);
  const auto [first, second] = baro::fuzz::SplitAtNul(input);
  (void)binance::ParsePositionRisk(first, second.empty() ? "[]" : second, "fuzz");
  (void)binance::ParseAccount(input, /*multi_assets=*/false);
  (void)binance::ParseAccount(input, /*multi_assets=*/true);
  (void)binance::ParseMultiAssetsMode(input);
  (void)binance::ParseLeverageBrackets(input);
  (void)binance::ParseApiRestrictions(input);
  (void)binance::MapError(429, first, second);
  (void)binance::ParsePremiumIndex(input);
  return 0;
}
