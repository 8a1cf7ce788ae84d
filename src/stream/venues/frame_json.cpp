#include "stream/venues/frame_json.h"

#include <cmath>

#include "core/json_util.h"

namespace baro::stream::frame {

std::optional<boost::json::value> ParseJson(std::string_view text) {
  auto parsed = json::Parse(text);
  if (!parsed) return std::nullopt;
  return std::move(parsed).value();
}

std::optional<double> Price(const boost::json::value& object, std::string_view key, bool& bad) {
  const auto* field = json::Find(object, key);
  if (field == nullptr) return std::nullopt;
  auto number = json::ToNumber(*field);
  if (!number || !std::isfinite(*number) || *number <= 0) {
    bad = true;
    return std::nullopt;
  }
  return number;
}

std::string Text(const boost::json::value& object, std::string_view key) {
  return json::GetString(object, key).value_or("");
}

std::int64_t TimeMs(const boost::json::value& object, std::string_view key) {
  return json::GetInt(object, key).value_or(0);
}

}  // namespace baro::stream::frame
