#include "web/symbol_lists.h"

#include <algorithm>

namespace baro::web {

Result<SymbolList> SymbolLists::Get(market::MarketData& market, Venue venue, std::int64_t now) {
  {
    std::lock_guard lock(mu_);
    auto it = kept_.find(venue);
    if (it != kept_.end() && now - it->second.kept_at < ttl_ms_) return it->second.list;
  }
  auto table = market.List(venue);  // no lock held across the venue's read
  std::lock_guard lock(mu_);
  if (!table) {
    auto it = kept_.find(venue);
    if (it != kept_.end()) return it->second.list;
    return table.error();
  }
  SymbolList list;
  for (const auto& inst : *table) {
    if (inst.base.empty() || inst.quote.empty()) continue;
    list.symbols.push_back({inst.symbol, inst.base, inst.quote, inst.max_leverage});
    list.read_at = std::max(list.read_at, inst.read_at_ms);
  }
  std::sort(list.symbols.begin(), list.symbols.end(),
            [](const SymbolEntry& a, const SymbolEntry& b) { return a.symbol < b.symbol; });
  kept_[venue] = Kept{list, now};
  return list;
}

}  // namespace baro::web
