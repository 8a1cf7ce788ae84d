#include "web/threshold_input.h"

#include <boost/json.hpp>

#include "core/json_util.h"
#include "web/request_context.h"

namespace baro::web {
namespace {

boost::json::object ParseObject(std::string_view text) {
  if (text.empty()) return {};
  auto parsed = json::Parse(text);
  if (!parsed || !parsed->is_object()) return {};
  return parsed->as_object();
}

std::string Serialize(const boost::json::object& o) {
  return o.empty() ? std::string() : boost::json::serialize(o);
}

}  // namespace

ThresholdInput ReadThresholds(const boost::json::value& value, const RequestContext& ctx) {
  if (value.is_null()) return {std::string(), {}};
  if (!value.is_object() || value.as_object().contains("positions")) {
    return {std::nullopt, ctx.T("error.thresholds_invalid", {{"detail", "{…}"}})};
  }
  const std::string text = boost::json::serialize(value);
  if (auto applied = risk::ApplyOverrides(risk::Thresholds{}, text); !applied) {
    return {std::nullopt, ctx.T("error.thresholds_invalid", {{"detail", applied.error().message}})};
  }
  return {value.as_object().empty() ? std::string() : text, {}};
}

boost::json::value OverridesJson(std::string_view json) {
  auto o = ParseObject(json);
  o.erase("positions");
  if (o.empty()) return nullptr;
  return o;
}

boost::json::value EffectiveThresholdsJson(std::string_view user_json) {
  auto effective = risk::ApplyOverrides(risk::Thresholds{}, user_json);
  auto parsed = json::Parse(risk::ToJson(effective ? *effective : risk::Thresholds{}));
  return parsed ? *parsed : boost::json::value(nullptr);
}

std::string WithConnectionOverrides(std::string_view stored, std::string_view overrides) {
  auto current = ParseObject(stored);
  boost::json::object out = ParseObject(overrides);
  if (auto* positions = current.if_contains("positions")) out["positions"] = *positions;
  return Serialize(out);
}

std::size_t PositionOverrideCount(std::string_view stored, std::string_view position_id) {
  const auto current = ParseObject(stored);
  const auto* positions = current.if_contains("positions");
  if (positions == nullptr || !positions->is_object()) return 0;
  const auto& map = positions->as_object();
  return map.size() - (map.contains(position_id) ? 1 : 0);
}

std::string WithPositionOverrides(std::string_view stored, std::string_view position_id,
                                  std::string_view overrides) {
  auto current = ParseObject(stored);
  auto* positions = current.if_contains("positions");
  if (positions == nullptr || !positions->is_object()) {
    current["positions"] = boost::json::object{};
    positions = current.if_contains("positions");
  }
  auto& map = positions->as_object();
  if (overrides.empty()) {
    map.erase(position_id);
  } else {
    map[position_id] = ParseObject(overrides);
  }
  if (map.empty()) current.erase("positions");
  return Serialize(current);
}

}  // namespace baro::web
