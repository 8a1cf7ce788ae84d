// HyperLiquid's parsers on arbitrary bytes: clearinghouseState (positions and account), the
// perpDexs list, metaAndAssetCtxs (public marks) and the margin tiers of a coin in meta. The
// second part of an input (after a NUL) names the coin.
#include <cstdint>

#include "exchanges/hyperliquid/dex_directory.h"
#include "exchanges/hyperliquid/hyperliquid_client.h"
#include "exchanges/hyperliquid/hyperliquid_market.h"
#include "fuzz_input.h"

namespace hyperliquid = baro::exchanges::hyperliquid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = baro::fuzz::AsText(data, size);
  const auto [first, second] = baro::fuzz::SplitAtNul(input);
  (void)hyperliquid::ParseClearinghouseState(input, "0x0000000000000000000000000000000000000000");
  bool ok = false;
  (void)hyperliquid::ParsePerpDexs(input, &ok);
  (void)hyperliquid::ParseMetaAndAssetCtxs(input);
  (void)hyperliquid::ParseMarginTiers(first, second.empty() ? "BTC" : second);
  return 0;
}
