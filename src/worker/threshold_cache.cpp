#include "worker/threshold_cache.h"

#include <boost/json/serialize.hpp>

#include "core/json_util.h"
#include "risk/thresholds.h"

namespace baro::worker {

const std::string& ParsedOverrides::Position(const std::string& position_id) const {
  static const std::string kNone;
  auto it = positions.find(position_id);
  return it == positions.end() ? kNone : it->second;
}

ParsedOverrides ParseConnectionOverrides(const std::string& thresholds_json, std::int64_t version) {
  ParsedOverrides out;
  out.version = version;
  if (thresholds_json.empty()) return out;
  // The whole object checked once, as ApplyOverrides checks it (its verdict does not depend on
  // the thresholds it starts from).
  if (!risk::ApplyOverrides(risk::Thresholds{}, thresholds_json)) {
    out.connection_json = "null";  // not an object: ApplyOverrides refuses it too
    return out;
  }
  auto parsed = json::Parse(thresholds_json);
  if (!parsed || !parsed->is_object()) {
    out.connection_json = "null";
    return out;
  }
  boost::json::object own = parsed->as_object();
  if (const auto* positions = own.if_contains("positions"); positions && positions->is_object()) {
    for (const auto& [id, overrides] : positions->as_object()) {
      out.positions.emplace(std::string(id), boost::json::serialize(overrides));
    }
  }
  own.erase("positions");
  out.connection_json = own.empty() ? std::string() : boost::json::serialize(own);
  return out;
}

ThresholdCache::ThresholdCache(std::size_t max_connections)
    : max_connections_(max_connections == 0 ? 1 : max_connections) {}

std::shared_ptr<const ParsedOverrides> ThresholdCache::For(const store::Connection& connection) {
  {
    std::lock_guard lock(mu_);
    auto it = slots_.find(connection.id);
    if (it != slots_.end() && it->second.parsed->version == connection.thresholds_version) {
      recent_.splice(recent_.begin(), recent_, it->second.recent);
      return it->second.parsed;
    }
  }
  // Parsed outside the lock: another thread's check need not wait for a large object.
  auto parsed = std::make_shared<const ParsedOverrides>(
      ParseConnectionOverrides(connection.thresholds_json, connection.thresholds_version));
  std::lock_guard lock(mu_);
  ++parses_;
  auto it = slots_.find(connection.id);
  if (it != slots_.end()) {
    it->second.parsed = parsed;
    recent_.splice(recent_.begin(), recent_, it->second.recent);
    return parsed;
  }
  while (slots_.size() >= max_connections_ && !recent_.empty()) {
    slots_.erase(recent_.back());
    recent_.pop_back();
  }
  recent_.push_front(connection.id);
  slots_.emplace(connection.id, Slot{parsed, recent_.begin()});
  return parsed;
}

std::size_t ThresholdCache::size() const {
  std::lock_guard lock(mu_);
  return slots_.size();
}

std::uint64_t ThresholdCache::parses() const {
  std::lock_guard lock(mu_);
  return parses_;
}

}  // namespace baro::worker
