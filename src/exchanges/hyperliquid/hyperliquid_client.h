// HyperLiquid, read by public wallet address (no key): POST /info {"type":"clearinghouseState",
// "user": address}. Sizes are signed coin units (szi), mark = positionValue/|szi|, liquidationPx is
// null when there is none (shared/reference/exchanges.md §1.2).
#pragma once

#include <string_view>

#include "exchanges/venue_client.h"

namespace baro::exchanges::hyperliquid {

// 0x followed by 40 hex digits.
bool ValidAddress(std::string_view address);

Result<AccountSnapshot> ParseClearinghouseState(std::string_view body, std::string_view account);

class HyperliquidClient final : public VenueClient {
 public:
  HyperliquidClient(net::Url base, net::HttpClient& http) : base_(std::move(base)), http_(http) {}
  Result<AccountSnapshot> ReadAccount(const Credentials& credentials) override;
  // No key: the address is public. Accepted once it is well-formed and readable.
  Result<KeyPermissions> CheckPermissions(const Credentials& credentials) override;

 private:
  net::Url base_;
  net::HttpClient& http_;
};

}  // namespace baro::exchanges::hyperliquid
