// Bybit's parsers on arbitrary bytes: position list (both account margin modes), account info,
// wallet balance, query-api (the key verdict), error envelopes, public tickers and risk-limit
// tiers.
#include <cstdint>

#include "exchanges/bybit/bybit_client.h"
#include "exchanges/bybit/bybit_market.h"
#include "fuzz_input.h"

namespace bybit = baro::exchanges::bybit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = baro::fuzz::AsText(data, size);
  (void)bybit::ParsePositionList(input, baro::MarginMode::kCross, "fuzz");
  (void)bybit::ParsePositionList(input, baro::MarginMode::kIsolated, "fuzz");
  (void)bybit::ParseAccountInfo(input);
  (void)bybit::ParseWalletBalance(input);
  (void)bybit::ParseQueryApi(input);
  (void)bybit::MapError(200, input);
  (void)bybit::ParseTickers(input);
  (void)bybit::ParseTiers(input);
  return 0;
}
