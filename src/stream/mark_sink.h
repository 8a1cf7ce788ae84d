// MarkSink: what receives each streamed mark change. The worker's implementation re-assesses the
// positions in that symbol; tests record. Called on a stream connection's thread: an
// implementation must be quick and thread-safe (hand the work over, do not do it here).
#pragma once

#include <cstdint>
#include <string>

#include "core/venue.h"

namespace baro::stream {

class MarkSink {
 public:
  virtual ~MarkSink() = default;
  virtual void OnMark(Venue venue, const std::string& symbol, double mark,
                      std::int64_t received_ms) = 0;
};

}  // namespace baro::stream
