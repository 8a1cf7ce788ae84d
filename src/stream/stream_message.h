// What a venue's stream says, once parsed: mark prices by symbol, a control frame (an
// acknowledgement, a pong, a welcome), a venue error, or something unreadable. Parsers are pure
// functions of one text frame, so they can be tested on the venues' documented samples and fuzzed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace baro::stream {

struct MarkUpdate {
  std::string symbol;          // the venue's own symbol, as positions carry it
  std::optional<double> mark;  // absent: the symbol was reported without a new mark (a delta that
                               // says the mark has not changed)
  std::int64_t venue_time_ms = 0;  // the venue's timestamp of the update, 0 when it gives none
};

struct ParsedFrame {
  enum class Kind {
    kMarks,      // one or more updates
    kControl,    // acknowledgement, pong, welcome, or a push of no interest
    kError,      // the venue reports an error (a refused subscription)
    kMalformed,  // not what the venue documents: counted and skipped
  };
  Kind kind = Kind::kMalformed;
  std::vector<MarkUpdate> marks;
  std::string detail;  // kError / kMalformed: a short reason (never the frame itself)

  static ParsedFrame Control() { return {Kind::kControl, {}, {}}; }
  static ParsedFrame Malformed(std::string why) { return {Kind::kMalformed, {}, std::move(why)}; }
  static ParsedFrame VenueError(std::string why) { return {Kind::kError, {}, std::move(why)}; }
};

}  // namespace baro::stream
