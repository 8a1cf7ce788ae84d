// Hand-entered positions (create, list, edit, delete), every position Baro watches with its risk
// figures, the distance-to-liquidation history and the alert history. Position Alerts is premium.
#include <charconv>

#include "web/api_state.h"
#include "web/manual_position_input.h"

namespace baro::web {
namespace {

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

boost::json::value Optional(const std::optional<double>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

net::HttpResponse ListPositions(ApiState& s, RequestContext& ctx) {
  auto list = s.store().snapshots().ListForUser(ctx.user->id);
  if (!list) return FromError(ctx, list.error());
  boost::json::array out;
  for (const auto& snap : *list) {
    const Position& p = snap.position;
    boost::json::object o{{"key", snap.position_key},
                          {"venue", ToString(p.venue)},
                          {"account", p.account},
                          {"symbol", p.symbol},
                          {"side", ToString(p.side)},
                          {"size", p.size},
                          {"entry_price", p.entry_price},
                          {"mark_price", p.mark_price},
                          {"liquidation_price", Optional(p.liquidation_price)},
                          {"liquidation_estimated", snap.liquidation_estimated},
                          {"leverage", p.leverage},
                          {"margin_mode", ToString(p.margin_mode)},
                          {"unrealized_pnl", p.unrealized_pnl},
                          {"notional", p.notional},
                          {"level", snap.level},
                          {"observed_at", snap.observed_at}};
    o["distance_to_liquidation"] = snap.distance_to_liquidation >= 0
                                       ? boost::json::value(snap.distance_to_liquidation)
                                       : boost::json::value(nullptr);
    o["connection_id"] = snap.connection_id ? boost::json::value(*snap.connection_id) : nullptr;
    o["manual_position_id"] =
        snap.manual_position_id ? boost::json::value(*snap.manual_position_id) : nullptr;
    out.push_back(std::move(o));
  }
  return JsonResponse(200, boost::json::object{{"positions", std::move(out)}});
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

net::HttpResponse Alerts(ApiState& s, RequestContext& ctx) {
  auto list = s.store().alerts().History(ctx.user->id, 200);
  if (!list) return FromError(ctx, list.error());
  boost::json::array out;
  for (const auto& a : *list) {
    out.push_back(boost::json::object{{"id", a.id},
                                      {"position_key", a.position_key},
                                      {"signal", a.signal},
                                      {"level", a.level},
                                      {"summary", a.summary},
                                      {"created_at", a.created_at}});
  }
  return JsonResponse(200, boost::json::object{{"alerts", std::move(out)}});
}

net::HttpResponse Venues(ApiState&, RequestContext&) {
  boost::json::array out;
  for (Venue v : AllVenues()) {
    out.push_back(boost::json::object{{"id", ToString(v)},
                                      {"uses_api_key", VenueUsesApiKey(v)},
                                      {"needs_passphrase", VenueNeedsPassphrase(v)}});
  }
  return JsonResponse(200, boost::json::object{{"venues", std::move(out)}});
}

}  // namespace

void AddPositionRoutes(ApiState& state) {
  auto& r = state.router;
  r.Add("GET", "/api/v1/venues", {Access::kPublic, Venues});
  r.Add("GET", "/api/v1/manual-positions", {Access::kPremium, ListManual});
  r.Add("POST", "/api/v1/manual-positions", {Access::kPremium, CreateManual});
  r.Add("PATCH", "/api/v1/manual-positions/{id}", {Access::kPremium, UpdateManual});
  r.Add("DELETE", "/api/v1/manual-positions/{id}", {Access::kPremium, DeleteManual});
  r.Add("GET", "/api/v1/positions", {Access::kPremium, ListPositions});
  r.Add("GET", "/api/v1/positions/history", {Access::kPremium, History});
  r.Add("GET", "/api/v1/alerts", {Access::kPremium, Alerts});
}

}  // namespace baro::web
