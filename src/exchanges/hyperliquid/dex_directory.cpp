#include "exchanges/hyperliquid/dex_directory.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>

#include "core/json_util.h"

namespace baro::exchanges::hyperliquid {
namespace {

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

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

DexDirectory::Plan DexDirectory::PlanFor(const std::string& address, std::int64_t now_ms,
                                         std::int64_t rescan_ms) const {
  std::lock_guard lock(mutex_);
  auto it = holdings_.find(Lower(address));
  if (it == holdings_.end() || now_ms - it->second.last_full_scan_ms >= rescan_ms) {
    return {dexes_, true};
  }
  Plan plan;
  for (const auto& d : it->second.dexes) {
    // A dex that has left the list is not asked for again.
    if (std::find(dexes_.begin(), dexes_.end(), d) != dexes_.end()) plan.dexes.push_back(d);
  }
  return plan;
}

void DexDirectory::Record(const std::string& address, std::vector<std::string> holding,
                          bool full_scan, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto& h = holdings_[Lower(address)];
  h.dexes = std::move(holding);
  if (full_scan) h.last_full_scan_ms = now_ms;
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
