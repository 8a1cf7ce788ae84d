// Gate's parsers on arbitrary bytes: contracts (sizes), positions with and without a known contract
// size, accounts, account detail (IP restriction), error bodies, public contract marks and risk
// limit tiers.
#include <cstdint>
#include <optional>
#include <string>

#include "exchanges/gate/gate_client.h"
#include "exchanges/gate/gate_market.h"
#include "fuzz_input.h"

namespace gate = baro::exchanges::gate;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = baro::fuzz::AsText(data, size);
  const auto [first, second] = baro::fuzz::SplitAtNul(input);
  auto sizes = gate::ParseContracts(second);
  const gate::ContractSize from_contracts = [&](const std::string& c) -> std::optional<double> {
    if (!sizes) return 0.0001;
    auto it = sizes->find(c);
    if (it == sizes->end()) return std::nullopt;
    return it->second;
  };
  (void)gate::ParsePositions(first, from_contracts, "fuzz");
  (void)gate::ParseContracts(input);
  (void)gate::ParseAccounts(input);
  (void)gate::ParseAccountDetailIpRestricted(input);
  (void)gate::MapError(400, input);
  (void)gate::ParseContractMarks(input);
  (void)gate::ParseTiers(input);
  return 0;
}
