// The streamer's options from the configuration (stream.* and egress.*; docs/streams.md).
#pragma once

#include "config/config.h"
#include "stream/mark_streamer.h"

namespace baro::stream {

StreamerOptions StreamerOptionsFrom(const config::Config& config);

}  // namespace baro::stream
