// Which HyperLiquid perp dexes to read for an address. Besides the main dex, builder-deployed HIP-3
// dexes each keep their own clearinghouse, so a position there only shows in a clearinghouseState
// request that names the dex (exchanges.md §1.2: optional "dex"; the list comes from
// {"type":"perpDexs"}, whose entry 0 is null for the main dex).
//
// Reading every dex for every address on every check would multiply the request weight by the
// number of dexes. Instead an address is read on all dexes on a full scan (its first read, then
// once per rescan interval) and in between only on the main dex and the dexes where it held
// something at the last scan. The dex list itself is reread once per contract lifetime.
// What each account held is kept in the venue's AccountCache (account_cache.h: bounded, least
// recently used forgotten first), under the account's key. Thread-safe; one per base URL per
// process.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "exchanges/account_cache.h"

namespace baro::exchanges::hyperliquid {

class DexDirectory {
 public:
  // The process-wide directory for one HyperLiquid base URL.
  static DexDirectory& For(const std::string& base_url);

  bool DexListFreshAt(std::int64_t now_ms, std::int64_t lifetime_ms) const;
  void SetDexList(std::vector<std::string> dexes, std::int64_t now_ms);

  struct Plan {
    std::vector<std::string> dexes;  // HIP-3 dex names to read besides the main dex
    bool full_scan = false;
  };
  Plan PlanFor(AccountCache& kept, const AccountKey& account, std::int64_t now_ms,
               std::int64_t rescan_ms) const;
  // Records what a read found: the HIP-3 dexes where the account holds positions or margin.
  static void Record(AccountCache& kept, const AccountKey& account,
                     const std::vector<std::string>& holding, bool full_scan, std::int64_t now_ms);

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> dexes_;
  std::int64_t list_loaded_at_ms_ = -1;
};

// Parses a perpDexs answer: the names of the HIP-3 dexes (the main dex's null is skipped).
std::vector<std::string> ParsePerpDexs(std::string_view body, bool* ok);

}  // namespace baro::exchanges::hyperliquid
