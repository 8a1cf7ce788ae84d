#include "core/position_key.h"

#include <charconv>

namespace baro {
namespace {

// A positive decimal id with nothing after it.
std::optional<std::int64_t> ParseId(std::string_view text) {
  std::int64_t v = 0;
  if (text.empty() || text.front() == '-' || text.front() == '+') return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

}  // namespace

PositionKey PositionKey::OfConnection(std::int64_t connection_id, std::string symbol, Side side) {
  return {Source::kConnection, connection_id, std::move(symbol), side};
}

PositionKey PositionKey::OfManual(std::int64_t manual_position_id) {
  return {Source::kManual, manual_position_id, {}, Side::kLong};
}

std::optional<PositionKey> PositionKey::Parse(std::string_view text) {
  if (text.starts_with('m')) {
    auto id = ParseId(text.substr(1));
    if (!id) return std::nullopt;
    return OfManual(*id);
  }
  if (!text.starts_with('c')) return std::nullopt;
  const auto first = text.find(':');
  const auto last = text.rfind(':');
  if (first == std::string_view::npos || last <= first + 1) return std::nullopt;
  auto id = ParseId(text.substr(1, first - 1));
  auto side = SideFromString(text.substr(last + 1));
  if (!id || !side) return std::nullopt;
  return OfConnection(*id, std::string(text.substr(first + 1, last - first - 1)), *side);
}

std::string PositionKey::ConnectionPrefix(std::int64_t connection_id) {
  return "c" + std::to_string(connection_id) + ":";
}

std::string PositionKey::ToString() const {
  if (source == Source::kManual) return std::string(kManualPrefix) + std::to_string(id);
  return ConnectionPrefix(id) + symbol + ":" + std::string(baro::ToString(side));
}

std::string StateKey(const PositionKey& position, std::string_view signal) {
  return position.ToString() + "|" + std::string(signal);
}

std::string_view PositionPartOfStateKey(std::string_view state_key) {
  return state_key.substr(0, state_key.rfind('|'));
}

std::string ReadGapsNoteKey(std::int64_t connection_id) {
  return "gaps:c" + std::to_string(connection_id) + "|read";
}

std::string MarketDataNoteKey(std::int64_t monitor_id) {
  return "stale:m" + std::to_string(monitor_id) + "|data";
}

}  // namespace baro
