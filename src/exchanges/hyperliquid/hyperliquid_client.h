// HyperLiquid, read by public wallet address (no key): POST /info {"type":"clearinghouseState",
// "user": address} for the main dex and for the HIP-3 dexes the address uses (see
// dex_directory.h). Sizes are signed coin units (szi), mark = positionValue/|szi|, liquidationPx is
// null when there is none (shared/reference/exchanges.md §1.2). Each HIP-3 dex is margined on its
// own: its clearinghouse's cross summary is a separate account (named by the dex, as are its
// positions' margin_account); a dex that cannot be read is reported as a ReadGap and the main dex
// and the other dexes are still returned.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exchanges/read_only_request.h"
#include "exchanges/venue_client.h"
#include "exchanges/venue_link.h"

namespace baro::exchanges::hyperliquid {

// The (method, path) pairs this client can build a request for (ReadOnlyRequest refuses any
// other); the no-trading test asserts over this very table.
std::span<const ReadEndpoint> AllowedReads();

// /info weights and the per-IP limit (exchanges.md §1.7: 1200 per minute per IP; clearinghouseState
// weighs 2, metaAndAssetCtxs 20).
inline constexpr std::int64_t kClearinghouseStateWeight = 2;
inline constexpr std::int64_t kMetaWeight = 20;
inline constexpr BudgetLimit kIpLimit{1200, 60'000};

// 0x followed by 40 hex digits.
bool ValidAddress(std::string_view address);

Result<AccountSnapshot> ParseClearinghouseState(std::string_view body, std::string_view account);

class HyperliquidClient final : public VenueClient {
 public:
  HyperliquidClient(net::Url base, VenueLink& link) : base_(std::move(base)), link_(link) {}
  Result<AccountSnapshot> ReadAccount(const Credentials& credentials) override;
  // No key: the address is public. Accepted once it is well-formed and readable.
  Result<KeyPermissions> CheckPermissions(const Credentials& credentials) override;

 private:
  // One clearinghouse: the main dex for an empty `dex`, else that HIP-3 dex.
  Result<AccountSnapshot> ReadState(const std::string& address, const std::string& dex);
  Result<std::vector<std::string>> ReadDexList();
  net::Url base_;
  VenueLink& link_;
};

}  // namespace baro::exchanges::hyperliquid
