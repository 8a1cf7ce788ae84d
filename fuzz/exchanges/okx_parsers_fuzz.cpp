// OKX's parsers on arbitrary bytes: instruments (contract sizes), positions with and without a
// known contract size, balance, account config (the key verdict), error envelopes and public mark
// prices.
#include <cstdint>
#include <optional>
#include <string>

#include "exchanges/okx/okx_client.h"
#include "exchanges/okx/okx_market.h"
#include "fuzz_input.h"

namespace okx = baro::exchanges::okx;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = baro::fuzz::AsText(data, size);
  const auto [first, second] = baro::fuzz::SplitAtNul(input);
  auto sizes = okx::ParseInstruments(second);
  const okx::ContractSize from_instruments = [&](const std::string& id) -> std::optional<double> {
    if (!sizes) return 0.01;
    auto it = sizes->find(id);
    if (it == sizes->end()) return std::nullopt;
    return it->second;
  };
  (void)okx::ParsePositions(first, from_instruments, "fuzz");
  (void)okx::ParseInstruments(input);
  (void)okx::ParseBalance(input);
  (void)okx::ParseAccountConfig(input);
  (void)okx::MapError(200, input);
  (void)okx::ParseMarkPrices(input);
  return 0;
}
