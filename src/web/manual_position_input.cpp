#include "web/manual_position_input.h"

#include <cmath>

#include "core/json_util.h"
#include "i18n/i18n.h"

namespace baro::web {
namespace {

std::string VenueList() {
  std::string out;
  for (Venue v : AllVenues()) {
    if (!out.empty()) out += ", ";
    out += ToString(v);
  }
  return out;
}

std::string FormatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

Result<store::ManualPosition> ParseManualPosition(const boost::json::object& body,
                                                  const store::ManualPosition& base,
                                                  market::MarketData* market,
                                                  std::string_view locale, FieldError& error) {
  auto fail = [&](std::string field, std::string message) -> Result<store::ManualPosition> {
    error = {std::move(field), std::move(message)};
    return MakeError(ErrorCode::kInvalidInput, error.message);
  };
  auto text = [&](std::string_view key, const i18n::Args& args = {}) {
    return i18n::Text(locale, key, args);
  };
  // A field as the form labels it ("Size", not "size").
  auto name = [&](std::string_view key) { return text("field." + std::string(key)); };
  store::ManualPosition p = base;

  if (auto* v = body.if_contains("venue")) {
    auto venue = v->is_string() ? VenueFromString(v->get_string()) : std::nullopt;
    if (!venue) {
      std::string typed = v->is_string() ? std::string(v->get_string()) : "";
      return fail("venue",
                  text("error.unknown_venue", {{"venue", typed}, {"venues", VenueList()}}));
    }
    p.venue = *venue;
  } else if (base.id == 0) {
    return fail("venue", text("error.field_required", {{"field", name("venue")}}));
  }
  if (auto* v = body.if_contains("symbol")) {
    if (!v->is_string() || v->get_string().empty() || v->get_string().size() > 40) {
      return fail("symbol", text("error.field_required", {{"field", name("symbol")}}));
    }
    p.symbol = market::NormalizeSymbol(p.venue, v->get_string());
  } else if (base.id == 0) {
    return fail("symbol", text("error.field_required", {{"field", name("symbol")}}));
  }
  if (auto* v = body.if_contains("side")) {
    auto side = v->is_string() ? SideFromString(v->get_string()) : std::nullopt;
    if (!side) return fail("side", text("error.side_invalid"));
    p.side = *side;
  } else if (base.id == 0) {
    return fail("side", text("error.field_required", {{"field", name("side")}}));
  }
  if (auto* v = body.if_contains("margin_mode")) {
    auto mode = v->is_string() ? MarginModeFromString(v->get_string()) : std::nullopt;
    if (!mode) return fail("margin_mode", text("error.margin_mode_invalid"));
    p.margin_mode = *mode;
  }
  // Positive finite numbers, given as JSON numbers or numeric strings. NaN and infinities are
  // refused.
  auto number = [&](std::string_view key, double& out, bool required) -> bool {
    const auto* v = body.if_contains(key);
    if (v == nullptr) {
      if (required && base.id == 0) {
        error = {std::string(key), text("error.field_required", {{"field", name(key)}})};
        return false;
      }
      return true;
    }
    auto n = json::ToNumber(*v);
    if (!n || !std::isfinite(*n) || *n <= 0) {
      error = {std::string(key), text("error.positive_number", {{"field", name(key)}})};
      return false;
    }
    out = *n;
    return true;
  };
  if (!number("entry_price", p.entry_price, true) || !number("size", p.size, true) ||
      !number("leverage", p.leverage, true)) {
    return MakeError(ErrorCode::kInvalidInput, error.message);
  }
  if (auto* v = body.if_contains("margin")) {
    if (v->is_null()) {
      p.margin.reset();
    } else {
      double m = 0;
      if (!number("margin", m, false)) return MakeError(ErrorCode::kInvalidInput, error.message);
      p.margin = m;
    }
  }
  if (p.leverage < 1) return fail("leverage", text("error.leverage_invalid"));

  if (market != nullptr) {
    auto inst = market->Find(p.venue, p.symbol);
    if (!inst) {
      if (inst.error().code == ErrorCode::kInvalidInput) {
        return fail("symbol",
                    text("error.unknown_symbol",
                         {{"symbol", p.symbol}, {"venue", std::string(DisplayName(p.venue))}}));
      }
      return inst.error();  // the venue could not be reached: not the user's fault
    }
    if (inst->max_leverage > 0 && p.leverage > inst->max_leverage + 1e-9) {
      return fail("leverage",
                  text("error.leverage_too_high", {{"leverage", FormatNumber(p.leverage)},
                                                   {"venue", std::string(DisplayName(p.venue))},
                                                   {"max", FormatNumber(inst->max_leverage)},
                                                   {"symbol", p.symbol}}));
    }
  }
  return p;
}

boost::json::object ManualPositionJson(const store::ManualPosition& p) {
  boost::json::object o{{"id", p.id},
                        {"venue", ToString(p.venue)},
                        {"symbol", p.symbol},
                        {"side", ToString(p.side)},
                        {"entry_price", p.entry_price},
                        {"size", p.size},
                        {"leverage", p.leverage},
                        {"margin_mode", ToString(p.margin_mode)},
                        {"created_at", p.created_at},
                        {"updated_at", p.updated_at}};
  o["margin"] = p.margin ? boost::json::value(*p.margin) : boost::json::value(nullptr);
  return o;
}

}  // namespace baro::web
