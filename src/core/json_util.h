// Small helpers over Boost.JSON for reading peer payloads, where a number may arrive as a JSON
// number or as a string, and a missing or malformed field is an ordinary error.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace baro::json {

// Parses text; a syntax error becomes kBadResponse with the position, never an exception.
Result<boost::json::value> Parse(std::string_view text);

// Field look-ups; nullptr / nullopt when absent or of another type.
const boost::json::value* Find(const boost::json::value& v, std::string_view key);
std::optional<std::string> GetString(const boost::json::value& v, std::string_view key);
std::optional<std::int64_t> GetInt(const boost::json::value& v, std::string_view key);
std::optional<bool> GetBool(const boost::json::value& v, std::string_view key);

// A number given as a JSON number or a numeric string ("1.5", "1e-3"). Empty strings, non-numeric
// strings, NaN and infinities yield nullopt.
std::optional<double> ToNumber(const boost::json::value& v);
std::optional<double> GetNumber(const boost::json::value& v, std::string_view key);

// Parses a decimal string strictly (whole string, finite).
std::optional<double> ParseNumber(std::string_view s);

}  // namespace baro::json
