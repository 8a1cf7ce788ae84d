// The venue side of each mark-price stream, as the venues document it (each .cpp function cites
// its page): what the server says on connect, how it answers a client frame (acknowledgement,
// pong) and which symbols that frame subscribes or unsubscribes, and how it pushes a mark.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/venue.h"

namespace baro::fakes {

struct ClientFrameEffect {
  std::vector<std::string> replies;
  std::vector<std::string> subscribed;
  std::vector<std::string> unsubscribed;
  bool understood = true;  // false: not a frame the venue documents
};

// The greeting sent right after the WebSocket handshake (empty: none).
std::string StreamGreeting(Venue venue, const std::string& connect_id);
ClientFrameEffect OnClientFrame(Venue venue, std::string_view text, std::int64_t now_ms);
// A push of `mark` for `symbol`; `first` selects Bybit's snapshot (later pushes are deltas).
std::string MarkPush(Venue venue, const std::string& symbol, double mark, std::int64_t now_ms,
                     bool first);

}  // namespace baro::fakes
