// KuCoin's parsers on arbitrary bytes: contracts (lot sizes), positions with and without a known
// lot size, account overview, API key (the key verdict), error envelopes, public active contracts
// and risk limit tiers.
#include <cstdint>
#include <optional>
#include <string>

#include "exchanges/kucoin/kucoin_client.h"
#include "exchanges/kucoin/kucoin_market.h"
#include "fuzz_input.h"

namespace kucoin = baro::exchanges::kucoin;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = baro::fuzz::AsText(data, size);
  const auto [first, second] = baro::fuzz::SplitAtNul(input);
  auto sizes = kucoin::ParseContracts(second);
  const kucoin::ContractSize from_contracts = [&](const std::string& s) -> std::optional<double> {
    if (!sizes) return 0.001;
    auto it = sizes->find(s);
    if (it == sizes->end()) return std::nullopt;
    return it->second;
  };
  (void)kucoin::ParsePositions(first, from_contracts, "fuzz");
  (void)kucoin::ParseContracts(input);
  (void)kucoin::ParseAccountOverview(input);
  (void)kucoin::ParseApiKey(input);
  (void)kucoin::MapError(200, input);
  (void)kucoin::ParseActiveContracts(input);
  (void)kucoin::ParseTiers(input);
  return 0;
}
