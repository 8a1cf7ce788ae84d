// A connection's threshold overrides, parsed when they change rather than on every check. The
// stored object may hold up to alerts.max_position_overrides per-position entries under
// "positions" (risk/thresholds.h); the checker needs, per position, only the connection-level
// keys and that position's own entry. Entries are keyed by connection id and valid for the row's
// thresholds_version (one more with each store write of the thresholds); at most
// worker.threshold_cache_connections connections are kept, the least recently used leaving first.
// Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/records.h"

namespace baro::worker {

struct ParsedOverrides {
  std::int64_t version = 0;
  // The connection-level overrides without "positions", for risk::ApplyOverrides. For a stored
  // object ApplyOverrides refuses (hand-edited, or from an older version), a value it refuses as
  // well, so that the check falls back to the user's thresholds as it would on the stored text.
  std::string connection_json;
  std::unordered_map<std::string, std::string> positions;  // "<venue symbol>:<side>" -> overrides

  // The position's own overrides ("" when it has none).
  const std::string& Position(const std::string& position_id) const;
};

class ThresholdCache {
 public:
  explicit ThresholdCache(std::size_t max_connections);

  // The parsed overrides of `connection`, parsed now only when the cache holds none for its
  // thresholds_version.
  std::shared_ptr<const ParsedOverrides> For(const store::Connection& connection);

  std::size_t size() const;
  std::uint64_t parses() const;  // how many times a stored object was parsed

 private:
  struct Slot {
    std::shared_ptr<const ParsedOverrides> parsed;
    std::list<store::Id>::iterator recent;
  };
  const std::size_t max_connections_;
  mutable std::mutex mu_;
  std::unordered_map<store::Id, Slot> slots_;
  std::list<store::Id> recent_;  // most recently used first
  std::uint64_t parses_ = 0;
};

// Parses a connection's stored overrides (exposed for tests).
ParsedOverrides ParseConnectionOverrides(const std::string& thresholds_json, std::int64_t version);

}  // namespace baro::worker
