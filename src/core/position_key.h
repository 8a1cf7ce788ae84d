// How a watched position is named across the store, the page and the bot: "c<connection id>:<venue
// symbol>:<side>" for a position read from a connection (one per symbol and side, so a hedge-mode
// account's two legs are two positions), "m<id>" for a hand-entered one. A venue symbol may itself
// hold ':' (HyperLiquid's HIP-3 assets are "<dex>:<coin>", docs/exchanges.md), so the side is
// what follows the last ':'. Alert states are kept per position and signal under
// "<position key>|<signal>".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/venue.h"

namespace baro {

struct PositionKey {
  enum class Source { kConnection, kManual };

  Source source = Source::kManual;
  std::int64_t id = 0;  // the connection's, or the hand-entered position's
  std::string symbol;   // the venue's symbol; connection positions only
  Side side = Side::kLong;

  static PositionKey OfConnection(std::int64_t connection_id, std::string symbol, Side side);
  static PositionKey OfManual(std::int64_t manual_position_id);
  // nullopt for text that names no position in either form.
  static std::optional<PositionKey> Parse(std::string_view text);
  // The prefix every key of a connection's positions starts with: "c12:".
  static std::string ConnectionPrefix(std::int64_t connection_id);
  static constexpr std::string_view kManualPrefix = "m";

  std::string ToString() const;
  bool operator==(const PositionKey&) const = default;
};

// An alert state's key: the position's key and the signal it tracks.
std::string StateKey(const PositionKey& position, std::string_view signal);
// The position part of a state key ("c12:ETH:long|liquidation" -> "c12:ETH:long"); the whole
// text when it has no '|'.
std::string_view PositionPartOfStateKey(std::string_view state_key);

// Notes the worker keeps with the alert states beside the positions' own: what a connection's last
// read could not watch ("gaps:c<id>|read", shown by the page), and a hand-entered monitor's run of
// unreadable mark prices ("stale:m<monitor id>|data").
std::string ReadGapsNoteKey(std::int64_t connection_id);
std::string MarketDataNoteKey(std::int64_t monitor_id);

}  // namespace baro
