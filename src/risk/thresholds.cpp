#include "risk/thresholds.h"

#include <boost/json/serialize.hpp>

#include "core/json_util.h"

namespace baro::risk {
namespace {

Status ReadLadder(const boost::json::value& v, std::string_view key, Ladder& out, bool descending) {
  if (!v.is_array() || v.as_array().size() != 3) {
    return MakeError(ErrorCode::kInvalidInput, std::string(key) + " needs three numbers");
  }
  Ladder l{};
  for (std::size_t i = 0; i < 3; ++i) {
    auto n = json::ToNumber(v.as_array()[i]);
    if (!n) return MakeError(ErrorCode::kInvalidInput, std::string(key) + " needs three numbers");
    l[i] = *n;
  }
  const bool ordered = descending ? (l[0] >= l[1] && l[1] >= l[2]) : (l[0] <= l[1] && l[1] <= l[2]);
  if (!ordered) {
    return MakeError(ErrorCode::kInvalidInput,
                     std::string(key) + " must go from warning to emergency in order");
  }
  out = l;
  return {};
}

}  // namespace

Result<Thresholds> ApplyOverrides(const Thresholds& base, std::string_view text) {
  if (text.empty()) return base;
  auto parsed = json::Parse(text);
  if (!parsed || !parsed->is_object()) {
    return MakeError(ErrorCode::kInvalidInput, "thresholds must be a JSON object");
  }
  Thresholds t = base;
  for (const auto& [key, v] : parsed->as_object()) {
    Status st;
    if (key == "distance") {
      st = ReadLadder(v, key, t.distance, true);
    } else if (key == "margin_usage") {
      st = ReadLadder(v, key, t.margin_usage, false);
    } else if (key == "leverage") {
      st = ReadLadder(v, key, t.leverage, false);
    } else if (key == "roe") {
      st = ReadLadder(v, key, t.roe, true);
    } else if (key == "repeat_ms") {
      Ladder l{};
      st = ReadLadder(v, key, l, true);
      if (st) {
        for (std::size_t i = 0; i < 3; ++i) t.repeat_ms[i] = static_cast<std::int64_t>(l[i]);
      }
    } else if (key == "confirm_ms") {
      if (!v.is_number() || v.to_number<double>() < 0) {
        st = MakeError(ErrorCode::kInvalidInput, "confirm_ms must be a number of milliseconds");
      } else {
        t.confirm_ms = static_cast<std::int64_t>(v.to_number<double>());
      }
    } else if (key == "positions") {
      if (!v.is_object()) {
        st = MakeError(ErrorCode::kInvalidInput, "positions must be an object");
      } else {
        for (const auto& [id, overrides] : v.as_object()) {
          if (!overrides.is_object() || overrides.as_object().contains("positions")) {
            st =
                MakeError(ErrorCode::kInvalidInput, "positions." + std::string(id) + " is invalid");
          } else if (auto nested = ApplyOverrides(t, boost::json::serialize(overrides)); !nested) {
            st = nested.error();
          }
          if (!st) break;
        }
      }
    } else {
      st = MakeError(ErrorCode::kInvalidInput, "unknown threshold " + std::string(key));
    }
    if (!st) return st.error();
  }
  return t;
}

std::string ToJson(const Thresholds& t) {
  auto ladder = [](const Ladder& l) { return boost::json::array{l[0], l[1], l[2]}; };
  return boost::json::serialize(boost::json::object{
      {"distance", ladder(t.distance)},
      {"margin_usage", ladder(t.margin_usage)},
      {"leverage", ladder(t.leverage)},
      {"roe", ladder(t.roe)},
      {"repeat_ms", boost::json::array{t.repeat_ms[0], t.repeat_ms[1], t.repeat_ms[2]}},
      {"confirm_ms", t.confirm_ms}});
}

std::string PositionOverrides(std::string_view connection_json, std::string_view position_id) {
  if (connection_json.empty()) return {};
  auto parsed = json::Parse(connection_json);
  if (!parsed || !parsed->is_object()) return {};
  const auto* positions = parsed->as_object().if_contains("positions");
  if (positions == nullptr || !positions->is_object()) return {};
  const auto* mine = positions->as_object().if_contains(position_id);
  if (mine == nullptr || !mine->is_object()) return {};
  return boost::json::serialize(*mine);
}

}  // namespace baro::risk
