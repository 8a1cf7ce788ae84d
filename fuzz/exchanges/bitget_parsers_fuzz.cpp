// Bitget's parsers on arbitrary bytes: all-position, accounts, spot account info (the key
// verdict), error envelopes, public tickers and position tiers.
#include <cstdint>

#include "exchanges/bitget/bitget_client.h"
#include "exchanges/bitget/bitget_market.h"
#include "fuzz_input.h"

namespace bitget = baro::exchanges::bitget;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = baro::fuzz::AsText(data, size);
  (void)bitget::ParseAllPosition(input, "fuzz");
  (void)bitget::ParseAccounts(input);
  (void)bitget::ParseSpotAccountInfo(input);
  (void)bitget::MapError(200, input);
  (void)bitget::ParseTickers(input);
  (void)bitget::ParseTiers(input);
  return 0;
}
