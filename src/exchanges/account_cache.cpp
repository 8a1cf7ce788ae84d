#include "exchanges/account_cache.h"

#include <charconv>

namespace baro::exchanges {

AccountCache::Entry* AccountCache::Touch(const AccountKey& key, bool create) {
  auto it = index_.find(key.connection);
  if (it != index_.end()) {
    if (it->second->fingerprint != key.fingerprint) {
      // Another key (or generation, or address) behind the same connection: nothing kept for the
      // old one may be used.
      it->second->answers.clear();
      it->second->fingerprint = key.fingerprint;
    }
    lru_.splice(lru_.begin(), lru_, it->second);
    return &lru_.front();
  }
  if (!create || capacity_ == 0) return nullptr;
  lru_.push_front(Entry{key.connection, key.fingerprint, {}});
  index_[key.connection] = lru_.begin();
  while (lru_.size() > capacity_) {
    index_.erase(lru_.back().connection);
    lru_.pop_back();
  }
  return &lru_.front();
}

std::optional<AccountCache::Kept> AccountCache::Get(const AccountKey& key, std::string_view what) {
  if (key.connection.empty()) return std::nullopt;
  std::lock_guard lock(mutex_);
  Entry* e = Touch(key, false);
  if (e == nullptr) return std::nullopt;
  auto it = e->answers.find(what);
  if (it == e->answers.end()) return std::nullopt;
  return it->second;
}

void AccountCache::Put(const AccountKey& key, std::string_view what, std::string value,
                       std::int64_t now_ms) {
  if (key.connection.empty()) return;
  std::lock_guard lock(mutex_);
  Entry* e = Touch(key, true);
  if (e == nullptr) return;
  e->answers.insert_or_assign(std::string(what), Kept{std::move(value), now_ms});
}

void AccountCache::Drop(std::string_view connection) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(std::string(connection));
  if (it == index_.end()) return;
  lru_.erase(it->second);
  index_.erase(it);
}

std::size_t AccountCache::size() const {
  std::lock_guard lock(mutex_);
  return lru_.size();
}

Result<std::string> KeptOrRead(AccountCache& cache, const AccountKey& key, std::string_view what,
                               std::int64_t now_ms, const CachePolicy& policy,
                               const std::function<bool(const std::string&)>& covers,
                               const std::function<Result<std::string>()>& read, bool* stale) {
  if (stale != nullptr) *stale = false;
  auto kept = cache.Get(key, what);
  const auto age = [&] { return now_ms - kept->read_at_ms; };
  // A clock that went back makes nothing fresh: the answer is read again.
  if (kept && age() >= 0 && age() < policy.refresh_ms && (!covers || covers(kept->value))) {
    return std::move(kept->value);
  }
  auto fresh = read();
  if (fresh) {
    cache.Put(key, what, *fresh, now_ms);
    return fresh;
  }
  if (kept && age() >= 0 && age() < policy.max_age_ms) {
    if (stale != nullptr) *stale = true;
    return std::move(kept->value);
  }
  return fresh.error();
}

std::optional<int> KeptCount(std::string_view kept) {
  int count = 0;
  auto [end, ec] = std::from_chars(kept.data(), kept.data() + kept.size(), count);
  if (ec != std::errc() || end != kept.data() + kept.size() || count < 0) return std::nullopt;
  return count;
}

}  // namespace baro::exchanges
