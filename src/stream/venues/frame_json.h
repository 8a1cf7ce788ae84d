// What the venue parsers share: reading one frame as a JSON object and a mark price as a
// positive finite number (a venue sends it as a string or a number).
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace baro::stream::frame {

// The frame as JSON, or nullopt when it is not JSON. Never throws.
std::optional<boost::json::value> ParseJson(std::string_view text);

// A price field: nullopt when absent; `bad` is set when present but not a positive finite number.
std::optional<double> Price(const boost::json::value& object, std::string_view key, bool& bad);

// A string field or "" when absent or not a string.
std::string Text(const boost::json::value& object, std::string_view key);

// A time field (milliseconds) given as a number or a numeric string; 0 when absent or unreadable.
std::int64_t TimeMs(const boost::json::value& object, std::string_view key);

}  // namespace baro::stream::frame
