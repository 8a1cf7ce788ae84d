// What a venue client keeps between reads of one account: the answers of reads that change rarely
// (leverage settings, margin and account modes, maintenance brackets, counts of positions in
// products Baro does not read), so that a steady-state read asks only for positions and margin.
//
// Entries are keyed per connection (AccountKey::connection) and carry a fingerprint of what the
// connection reads with (its key, key generation, wallet address): when that changes (a new key,
// a rotated one, another address) everything kept for the connection is dropped before use. The
// cache holds at most `capacity` connections and forgets the least recently used one beyond that.
// Thread-safe; one per venue per egress address (VenueState), as a connection sticks to one
// address.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace baro::exchanges {

struct AccountKey {
  std::string connection;   // the connection's id; empty: nothing is kept
  std::string fingerprint;  // a digest of the key material the connection reads with
};

// How long a kind of kept answer is reused: it is read again once it is `refresh_ms` old (or no
// longer covers the account, e.g. a new symbol), and when that read fails the kept answer is used
// until it is `max_age_ms` old; after that the failure is the read's, as without a cache.
struct CachePolicy {
  std::int64_t refresh_ms = 3600'000;
  std::int64_t max_age_ms = 6 * 3600'000;
};

class AccountCache {
 public:
  explicit AccountCache(std::size_t capacity = 20'000) : capacity_(capacity) {}

  struct Kept {
    std::string value;
    std::int64_t read_at_ms = 0;
  };
  // The answer kept under `what` for the account, if any (and the account becomes the most
  // recently used). A fingerprint other than the one kept drops the account's entries first.
  std::optional<Kept> Get(const AccountKey& key, std::string_view what);
  void Put(const AccountKey& key, std::string_view what, std::string value, std::int64_t now_ms);
  // Forgets everything kept for the connection.
  void Drop(std::string_view connection);

  std::size_t size() const;
  std::size_t capacity() const { return capacity_; }

 private:
  struct Entry {
    std::string connection;
    std::string fingerprint;
    std::map<std::string, Kept, std::less<>> answers;
  };
  using Lru = std::list<Entry>;
  // The entry of `key`, made most recently used (created when `create`); null when not found.
  Entry* Touch(const AccountKey& key, bool create);

  std::size_t capacity_;
  mutable std::mutex mutex_;
  Lru lru_;  // most recently used first
  std::unordered_map<std::string, Lru::iterator> index_;
};

// The kept answer under `what` when it is younger than policy.refresh_ms and `covers` it (nullptr:
// any); else the answer of `read`, kept for next time. When `read` fails, the kept answer is used
// while it is younger than policy.max_age_ms (`stale` is then set), else the failure is returned.
Result<std::string> KeptOrRead(AccountCache& cache, const AccountKey& key, std::string_view what,
                               std::int64_t now_ms, const CachePolicy& policy,
                               const std::function<bool(const std::string&)>& covers,
                               const std::function<Result<std::string>()>& read,
                               bool* stale = nullptr);

// A kept count (open positions in a product not read, kept as its decimal text); nullopt when the
// text is not one.
std::optional<int> KeptCount(std::string_view kept);

}  // namespace baro::exchanges
