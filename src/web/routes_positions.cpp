// Hand-entered positions (create, list, edit, delete), every position Baro watches with its risk
// figures and the distance-to-liquidation history. Position Alerts is premium.
#include <array>
#include <charconv>
#include <map>

#include "core/json_util.h"
#include "risk/assessment.h"
#include "risk/thresholds.h"
#include "risk/tier_snapshot.h"
#include "web/api_state.h"
#include "web/manual_position_input.h"
#include "web/threshold_input.h"

namespace baro::web {
namespace {

// A venue symbol as the venues spell them ("BTCUSDT", "BTC-USDT-SWAP", "BTC_USDT", "kPEPE").
constexpr std::size_t kMaxSymbolLength = 64;
constexpr std::string_view kSymbolCharacters =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-:@/";

net::HttpResponse Invalid(const FieldError& e) {
  return ErrorResponse(400, "invalid_input", e.message, e.field);
}

std::int64_t FirstDue(ApiState& s) {
  return s.Now();
}  // a new position is checked at once

net::HttpResponse ListManual(ApiState& s, RequestContext& ctx) {
  auto list = s.store().manual_positions().ListForUser(ctx.user->id);
  if (!list) return FromError(ctx, list.error());
  boost::json::array out;
  for (const auto& p : *list) out.push_back(ManualPositionJson(p));
  return JsonResponse(200, boost::json::object{{"positions", std::move(out)}});
}

net::HttpResponse CreateManual(ApiState& s, RequestContext& ctx) {
  auto body = ParseJsonBody(ctx.request);
  if (!body) return FromError(ctx, body.error());
  store::ManualPosition base;
  base.user_id = ctx.user->id;
  FieldError fe;
  auto p = ParseManualPosition(*body, base, s.deps.market, ctx.locale, fe);
  if (!p) return fe.field.empty() ? FromError(ctx, p.error()) : Invalid(fe);
  p->user_id = ctx.user->id;
  p->created_at = p->updated_at = s.Now();
  auto created = s.store().manual_positions().Create(*p, FirstDue(s));
  if (!created) return FromError(ctx, created.error());
  return JsonResponse(201, boost::json::object{{"position", ManualPositionJson(*created)}});
}

boost::json::value Optional(const std::optional<double>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

// POST /manual-positions/preview: what Baro would show for a position before it is saved (the
// venue's mark, the estimated liquidation price, the distance and its level), from the same
// assessment the worker runs (risk::Assess) with the worker's offline tiers and the user's
// thresholds. Nothing is stored.
net::HttpResponse PreviewManual(ApiState& s, RequestContext& ctx) {
  auto body = ParseJsonBody(ctx.request);
  if (!body) return FromError(ctx, body.error());
  if (s.deps.market == nullptr)
    return ErrorResponse(503, "unavailable", ctx.T("error.unavailable"));
  store::ManualPosition base;
  base.user_id = ctx.user->id;
  FieldError fe;
  auto mp = ParseManualPosition(*body, base, s.deps.market, ctx.locale, fe);
  if (!mp) return fe.field.empty() ? FromError(ctx, mp.error()) : Invalid(fe);
  auto inst = s.deps.market->Find(mp->venue, mp->symbol);
  if (!inst) return FromError(ctx, inst.error());
  Position p;
  p.venue = mp->venue;
  p.symbol = mp->symbol;
  p.base = inst->base;
  p.quote = inst->quote;
  p.side = mp->side;
  p.size = mp->size;
  p.entry_price = mp->entry_price;
  p.mark_price = inst->mark_price;
  p.leverage = mp->leverage;
  p.margin_mode = mp->margin_mode;
  p.isolated_margin = mp->margin;
  p.maintenance_margin_rate = inst->maintenance_margin_rate;
  p.notional = p.size * p.mark_price;
  p.unrealized_pnl = (p.side == Side::kLong ? 1 : -1) * p.size * (p.mark_price - p.entry_price);
  // The worker's offline tiers: the dated snapshot, else one tier at the rate the venue reports
  // for the instrument, else the venue's most conservative rate (flagged), as docs/risk.md says.
  const bool stand_in = !risk::SnapshotSpec(p.venue, p.symbol) && !inst->maintenance_margin_rate;
  const risk::VenueRiskSpec spec =
      risk::SnapshotSpec(p.venue, p.symbol)
          .value_or(risk::DefaultSpec(p.venue, inst->maintenance_margin_rate));
  auto thresholds = risk::ApplyOverrides(risk::Thresholds{}, ctx.user->thresholds_json);
  const risk::PositionRisk r = risk::Assess({.position = p,
                                             .tiers = spec.tiers,
                                             .fee_rate = spec.formula_fee_rate,
                                             .tiers_estimated = stand_in},
                                            thresholds ? *thresholds : risk::Thresholds{});
  boost::json::object o{{"symbol", p.symbol},
                        {"base", p.base},
                        {"mark_price", p.mark_price},
                        {"liquidation_price", Optional(r.liquidation_price)},
                        {"distance_to_liquidation", Optional(r.distance)},
                        {"level", risk::ToString(r.liquidation_level)},
                        {"rates_estimated", stand_in}};
  return JsonResponse(200, boost::json::object{{"preview", std::move(o)}});
}

net::HttpResponse UpdateManual(ApiState& s, RequestContext& ctx) {
  auto id = IdParam(ctx);
  if (!id) return ErrorResponse(404, "not_found", ctx.T("error.not_found"));
  auto current = s.store().manual_positions().Get(ctx.user->id, *id);
  if (!current) return FromError(ctx, current.error());
  auto body = ParseJsonBody(ctx.request);
  if (!body) return FromError(ctx, body.error());
  FieldError fe;
  auto p = ParseManualPosition(*body, *current, s.deps.market, ctx.locale, fe);
  if (!p) return fe.field.empty() ? FromError(ctx, p.error()) : Invalid(fe);
  p->updated_at = s.Now();
  if (auto st = s.store().manual_positions().Update(*p); !st) return FromError(ctx, st.error());
  return JsonResponse(200, boost::json::object{{"position", ManualPositionJson(*p)}});
}

net::HttpResponse DeleteManual(ApiState& s, RequestContext& ctx) {
  auto id = IdParam(ctx);
  if (!id) return ErrorResponse(404, "not_found", ctx.T("error.not_found"));
  if (auto st = s.store().manual_positions().Delete(ctx.user->id, *id); !st) {
    return FromError(ctx, st.error());
  }
  return JsonResponse(200, boost::json::object{{"deleted", true}});
}

// What the page shows next to each position besides its own figures: the overrides it carries
// itself (a hand-entered one in its own row, a venue position under its connection's "positions"
// map), the distance ladder that applies to it (defaults, then the user's, the connection's and the
// position's overrides, as the worker applies them), its connection's label and when its monitor
// is next due.
class PositionContext {
 public:
  PositionContext(ApiState& s, const store::User& user) : user_json_(user.thresholds_json) {
    if (auto list = s.store().connections().ListForUser(user.id)) {
      for (auto& c : *list) connections_[c.id] = {c.label, std::move(c.thresholds_json)};
    }
    if (auto list = s.store().manual_positions().ListForUser(user.id)) {
      for (auto& m : *list) manual_[m.id] = std::move(m.thresholds_json);
    }
    if (auto list = s.store().monitors().ListForUser(user.id)) {
      for (const auto& m : *list) next_due_[m.id] = m.next_due_at;
    }
  }
  boost::json::value Overrides(const store::PositionSnapshot& snap) const {
    return OverridesJson(OwnJson(snap));
  }
  boost::json::value DistanceLadder(const store::PositionSnapshot& snap) const {
    risk::Thresholds t;
    const std::string own = OwnJson(snap);
    const std::array<std::string_view, 3> layers = {user_json_, ConnectionJson(snap), own};
    for (std::string_view layer : layers) {
      if (layer.empty()) continue;
      if (auto applied = risk::ApplyOverrides(t, layer)) t = *applied;
    }
    return boost::json::array{t.distance[0], t.distance[1], t.distance[2]};
  }
  std::string ConnectionLabel(const store::PositionSnapshot& snap) const {
    if (!snap.connection_id) return {};
    auto it = connections_.find(*snap.connection_id);
    return it == connections_.end() ? std::string() : it->second.label;
  }
  std::int64_t NextDue(const store::PositionSnapshot& snap) const {
    auto it = next_due_.find(snap.monitor_id);
    return it == next_due_.end() ? 0 : it->second;
  }

 private:
  struct ConnectionInfo {
    std::string label, thresholds_json;
  };
  std::string_view ConnectionJson(const store::PositionSnapshot& snap) const {
    if (!snap.connection_id) return {};
    auto it = connections_.find(*snap.connection_id);
    return it == connections_.end() ? std::string_view() : it->second.thresholds_json;
  }
  std::string OwnJson(const store::PositionSnapshot& snap) const {
    if (snap.manual_position_id) {
      auto it = manual_.find(*snap.manual_position_id);
      return it == manual_.end() ? std::string() : it->second;
    }
    const Position& p = snap.position;
    return risk::PositionOverrides(ConnectionJson(snap),
                                   p.symbol + ":" + std::string(ToString(p.side)));
  }
  std::string user_json_;
  std::map<store::Id, ConnectionInfo> connections_;
  std::map<store::Id, std::string> manual_;
  std::map<store::Id, std::int64_t> next_due_;
};

net::HttpResponse ListPositions(ApiState& s, RequestContext& ctx) {
  auto list = s.store().snapshots().ListForUser(ctx.user->id);
  if (!list) return FromError(ctx, list.error());
  const PositionContext context(s, *ctx.user);
  const std::int64_t now = s.Now();
  const std::int64_t stale_after_ms = 3 * s.config().check_interval_s * 1000LL;
  boost::json::array out;
  for (const auto& snap : *list) {
    const Position& p = snap.position;
    boost::json::object o{
        {"key", snap.position_key},
        {"venue", ToString(p.venue)},
        {"account", p.account},
        {"account_label", context.ConnectionLabel(snap)},
        {"symbol", p.symbol},
        {"base", p.base},
        {"quote", p.quote},
        {"side", ToString(p.side)},
        {"size", p.size},
        {"entry_price", p.entry_price},
        {"mark_price", p.mark_price},
        {"liquidation_price", Optional(p.liquidation_price)},
        {"liquidation_estimated", snap.liquidation_estimated},
        {"rates_estimated", snap.rates_estimated},
        {"leverage", p.leverage},
        {"margin_mode", ToString(p.margin_mode)},
        {"unrealized_pnl", p.unrealized_pnl},
        {"notional", p.notional},
        {"level", snap.level},
        {"observed_at", snap.observed_at},
        // When the figures were judged on a streamed mark: its time (the
        // tick path, docs/streams.md); null: on the last check's REST read.
        {"mark_streamed_at", p.mark_streamed_at_ms != 0 ? boost::json::value(p.mark_streamed_at_ms)
                                                        : boost::json::value(nullptr)},
        {"next_check_at", context.NextDue(snap)},
        {"stale", now - snap.observed_at > stale_after_ms},
        {"distance_thresholds", context.DistanceLadder(snap)}};
    o["distance_to_liquidation"] = snap.distance_to_liquidation >= 0
                                       ? boost::json::value(snap.distance_to_liquidation)
                                       : boost::json::value(nullptr);
    o["connection_id"] = snap.connection_id ? boost::json::value(*snap.connection_id) : nullptr;
    o["manual_position_id"] =
        snap.manual_position_id ? boost::json::value(*snap.manual_position_id) : nullptr;
    o["thresholds"] = context.Overrides(snap);
    out.push_back(std::move(o));
  }
  return JsonResponse(200,
                      boost::json::object{{"positions", std::move(out)}, {"server_time", now}});
}

// PATCH /positions/thresholds {key, thresholds}: one position's own overrides (null clears them).
net::HttpResponse SetPositionThresholds(ApiState& s, RequestContext& ctx) {
  auto body = ParseJsonBody(ctx.request);
  if (!body) return FromError(ctx, body.error());
  const std::string key = json::GetString(*body, "key").value_or("");
  const auto* value = body->if_contains("thresholds");
  if (value == nullptr) {
    return ErrorResponse(400, "invalid_input",
                         ctx.T("error.field_required", {{"field", "thresholds"}}), "thresholds");
  }
  auto input = ReadThresholds(*value, ctx);
  if (!input.json) return ErrorResponse(400, "invalid_input", input.error, "thresholds");
  auto parse_id = [](std::string_view digits) -> std::optional<store::Id> {
    store::Id id = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (ec != std::errc() || end != digits.data() + digits.size() || id <= 0) return std::nullopt;
    return id;
  };
  if (key.size() > 1 && key[0] == 'm') {
    auto id = parse_id(std::string_view(key).substr(1));
    if (!id) return ErrorResponse(404, "not_found", ctx.T("error.not_found"), "key");
    auto p = s.store().manual_positions().Get(ctx.user->id, *id);
    if (!p) return FromError(ctx, p.error());
    p->thresholds_json = *input.json;
    p->updated_at = s.Now();
    if (auto st = s.store().manual_positions().Update(*p); !st) return FromError(ctx, st.error());
  } else if (key.size() > 1 && key[0] == 'c' && key.find(':') != std::string::npos) {
    const std::size_t colon = key.find(':');
    auto id = parse_id(std::string_view(key).substr(1, colon - 1));
    const std::string position_id = key.substr(colon + 1);
    if (!id || position_id.find(':') == std::string::npos) {
      return ErrorResponse(404, "not_found", ctx.T("error.not_found"), "key");
    }
    // "<venue symbol>:<long|short>", as the positions list names it.
    const std::string_view side = std::string_view(position_id).substr(position_id.rfind(':') + 1);
    const std::string_view symbol = std::string_view(position_id).substr(0, position_id.rfind(':'));
    if (symbol.empty() || symbol.size() > kMaxSymbolLength ||
        symbol.find_first_not_of(kSymbolCharacters) != std::string_view::npos ||
        (side != "long" && side != "short")) {
      return ErrorResponse(404, "not_found", ctx.T("error.not_found"), "key");
    }
    auto c = s.store().connections().Get(ctx.user->id, *id);
    if (!c) return FromError(ctx, c.error());
    const auto max = static_cast<std::size_t>(s.deps.config->max_position_overrides);
    if (!input.json->empty() && PositionOverrideCount(c->thresholds_json, position_id) >= max) {
      return ErrorResponse(400, "invalid_input",
                           ctx.T("error.position_overrides_full", {{"max", std::to_string(max)}}),
                           "key");
    }
    if (auto st = s.store().connections().SetThresholds(
            ctx.user->id, *id, WithPositionOverrides(c->thresholds_json, position_id, *input.json));
        !st) {
      return FromError(ctx, st.error());
    }
  } else {
    return ErrorResponse(404, "not_found", ctx.T("error.not_found"), "key");
  }
  return JsonResponse(
      200, boost::json::object{{"key", key}, {"thresholds", OverridesJson(*input.json)}});
}

net::HttpResponse History(ApiState& s, RequestContext& ctx) {
  auto points = s.store().snapshots().History(ctx.user->id, s.Now() - 24 * 3600 * 1000LL);
  if (!points) return FromError(ctx, points.error());
  boost::json::object by_key;
  for (const auto& h : *points) {
    auto& series = by_key[h.position_key];
    if (!series.is_array()) series = boost::json::array();
    series.as_array().push_back(boost::json::array{h.at, h.distance_to_liquidation, h.mark_price});
  }
  return JsonResponse(200, boost::json::object{{"history", std::move(by_key)}});
}

net::HttpResponse Venues(ApiState& s, RequestContext&) {
  boost::json::array out;
  for (Venue v : AllVenues()) {
    out.push_back(boost::json::object{{"id", ToString(v)},
                                      {"uses_api_key", VenueUsesApiKey(v)},
                                      {"needs_passphrase", VenueNeedsPassphrase(v)}});
  }
  const auto& c = s.config();
  // Every address reads may come from (the user allow-lists all of them); egress_address is the
  // first, for pages that show one.
  boost::json::array egress;
  for (const auto& a : c.AllowListAddresses()) egress.push_back(boost::json::value(a));
  const std::string first = egress.empty() ? "" : std::string(egress[0].as_string());
  return JsonResponse(200, boost::json::object{{"venues", std::move(out)},
                                               {"egress_address", first},
                                               {"egress_addresses", std::move(egress)}});
}

}  // namespace

void AddPositionRoutes(ApiState& state) {
  auto& r = state.router;
  r.Add("GET", "/api/v1/venues", {Access::kPublic, Venues});
  r.Add("GET", "/api/v1/manual-positions", {Access::kPremium, ListManual});
  r.Add("POST", "/api/v1/manual-positions", {Access::kPremium, CreateManual});
  r.Add("POST", "/api/v1/manual-positions/preview", {Access::kPremium, PreviewManual});
  r.Add("PATCH", "/api/v1/manual-positions/{id}", {Access::kPremium, UpdateManual});
  r.Add("DELETE", "/api/v1/manual-positions/{id}", {Access::kPremium, DeleteManual});
  r.Add("GET", "/api/v1/positions", {Access::kPremium, ListPositions});
  r.Add("GET", "/api/v1/positions/history", {Access::kPremium, History});
  r.Add("PATCH", "/api/v1/positions/thresholds", {Access::kPremium, SetPositionThresholds});
}

}  // namespace baro::web
