#include "exchanges/hyperliquid/dex_directory.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <map>
#include <memory>

#include "core/json_util.h"

namespace baro::exchanges::hyperliquid {
DexDirectory& DexDirectory::For(const std::string& base_url) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::unique_ptr<DexDirectory>> registry;
  std::lock_guard lock(registry_mutex);
  auto& slot = registry[base_url];
  if (!slot) slot = std::make_unique<DexDirectory>();
  return *slot;
}

bool DexDirectory::DexListFreshAt(std::int64_t now_ms, std::int64_t lifetime_ms) const {
  std::lock_guard lock(mutex_);
  return list_loaded_at_ms_ >= 0 && now_ms - list_loaded_at_ms_ < lifetime_ms;
}

void DexDirectory::SetDexList(std::vector<std::string> dexes, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  dexes_ = std::move(dexes);
  list_loaded_at_ms_ = now_ms;
}

namespace {

constexpr std::string_view kHoldings = "hip3-holdings";

std::vector<std::string> DexesOf(std::string_view kept) {
  std::vector<std::string> out;
  auto parsed = json::Parse(kept);
  if (!parsed || !parsed->is_array()) return out;
  for (const auto& d : parsed->as_array()) {
    if (d.is_string()) out.emplace_back(d.as_string());
  }
  return out;
}

}  // namespace

DexDirectory::Plan DexDirectory::PlanFor(AccountCache& kept, const AccountKey& account,
                                         std::int64_t now_ms, std::int64_t rescan_ms) const {
  auto held = kept.Get(account, kHoldings);
  std::lock_guard lock(mutex_);
  if (!held || now_ms - held->read_at_ms >= rescan_ms || now_ms < held->read_at_ms) {
    return {dexes_, true};
  }
  Plan plan;
  for (const auto& d : DexesOf(held->value)) {
    // A dex that has left the list is not asked for again.
    if (std::find(dexes_.begin(), dexes_.end(), d) != dexes_.end()) plan.dexes.push_back(d);
  }
  return plan;
}

void DexDirectory::Record(AccountCache& kept, const AccountKey& account,
                          const std::vector<std::string>& holding, bool full_scan,
                          std::int64_t now_ms) {
  boost::json::array dexes;
  for (const auto& d : holding) dexes.push_back(boost::json::value(d));
  // The time kept is that of the last full scan.
  std::int64_t scanned_at = now_ms;
  if (!full_scan) {
    auto held = kept.Get(account, kHoldings);
    if (!held) return;
    scanned_at = held->read_at_ms;
  }
  kept.Put(account, kHoldings, boost::json::serialize(dexes), scanned_at);
}

std::vector<std::string> ParsePerpDexs(std::string_view body, bool* ok) {
  std::vector<std::string> out;
  auto parsed = json::Parse(body);
  *ok = parsed && parsed->is_array();
  if (!*ok) return out;
  for (const auto& entry : parsed->as_array()) {
    if (!entry.is_object()) continue;  // null: the main dex
    if (auto name = json::GetString(entry, "name"); name && !name->empty()) out.push_back(*name);
  }
  return out;
}

}  // namespace baro::exchanges::hyperliquid
