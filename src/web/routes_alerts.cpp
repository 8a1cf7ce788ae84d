// The alert history (GET /api/v1/alerts, Position Alerts, premium): each alert with what it is
// about as data (the position's venue, account label, symbol and side from its key, the user's
// connections and hand-entered positions), the position's figures when it was raised, and how its
// Telegram message fared. The page words all of it in the reader's language (docs/web.md).
#include <cstdint>
#include <map>

#include "core/position_key.h"
#include "web/api_state.h"

namespace baro::web {
namespace {

constexpr int kHistoryLimit = 200;

boost::json::value Optional(const std::optional<double>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

// What the user has now, by id, to name what the alerts are about.
struct Known {
  std::map<store::Id, store::Connection> connections;
  std::map<store::Id, store::ManualPosition> manual;
  std::map<std::string, std::string, std::less<>> base_by_key;  // open positions' base asset
};

// "c12" names a connection (alerts about reading it), "m" the hand-entered positions (alerts about
// their prices); anything else is a position key (core/position_key.h).
boost::json::object Subject(const std::string& key, const Known& known) {
  boost::json::object o{{"kind", "unknown"}};
  auto connection = [&](store::Id id) {
    o["connection_id"] = id;
    if (auto it = known.connections.find(id); it != known.connections.end()) {
      o["venue"] = ToString(it->second.venue);
      o["label"] = it->second.label;
    }
  };
  if (key == PositionKey::kManualPrefix) {
    o["kind"] = "hand_entered";
    return o;
  }
  if (auto parsed = PositionKey::Parse(key)) {
    o["kind"] = "position";
    o["side"] = ToString(parsed->side);
    o["open"] = known.base_by_key.count(key) > 0;
    if (auto base = known.base_by_key.find(key); base != known.base_by_key.end()) {
      o["base"] = base->second;
    }
    if (parsed->source == PositionKey::Source::kConnection) {
      o["symbol"] = parsed->symbol;
      connection(parsed->id);
    } else {
      o["manual_position_id"] = parsed->id;
      if (auto it = known.manual.find(parsed->id); it != known.manual.end()) {
        o["venue"] = ToString(it->second.venue);
        o["symbol"] = it->second.symbol;
        o["side"] = ToString(it->second.side);
      }
    }
    return o;
  }
  if (key.size() > 1 && key[0] == 'c') {
    store::Id id = 0;
    for (char c : std::string_view(key).substr(1)) {
      if (c < '0' || c > '9' || id > (INT64_MAX - 9) / 10) return o;
      id = id * 10 + (c - '0');
    }
    o["kind"] = "connection";
    connection(id);
  }
  return o;
}

boost::json::value Figures(const std::optional<store::AlertFigures>& f) {
  if (!f) return nullptr;
  return boost::json::object{{"event", f->event},
                             {"mark_price", f->mark_price},
                             {"liquidation_price", Optional(f->liquidation_price)},
                             {"liquidation_estimated", f->liquidation_estimated},
                             {"distance_to_liquidation", Optional(f->distance)},
                             {"leverage", f->leverage},
                             {"roe", f->roe}};
}

net::HttpResponse Alerts(ApiState& s, RequestContext& ctx) {
  const store::Id user = ctx.user->id;
  auto list = s.store().alerts().History(user, kHistoryLimit);
  if (!list) return FromError(ctx, list.error());
  Known known;
  auto connections = s.store().connections().ListForUser(user);
  if (!connections) return FromError(ctx, connections.error());
  for (auto& c : *connections) known.connections.emplace(c.id, std::move(c));
  auto manual = s.store().manual_positions().ListForUser(user);
  if (!manual) return FromError(ctx, manual.error());
  for (auto& p : *manual) known.manual.emplace(p.id, std::move(p));
  auto open = s.store().snapshots().ListForUser(user);
  if (!open) return FromError(ctx, open.error());
  for (const auto& snap : *open) known.base_by_key.emplace(snap.position_key, snap.position.base);

  boost::json::array out;
  for (const auto& a : *list) {
    out.push_back(boost::json::object{{"id", a.id},
                                      {"position_key", a.position_key},
                                      {"subject", Subject(a.position_key, known)},
                                      {"signal", a.signal},
                                      {"level", a.level},
                                      {"summary", a.summary},
                                      {"figures", Figures(a.figures)},
                                      {"delivery", ToString(a.delivery)},
                                      {"created_at", a.created_at}});
  }
  return JsonResponse(200, boost::json::object{{"alerts", std::move(out)}});
}

}  // namespace

void AddAlertRoutes(ApiState& state) {
  state.router.Add("GET", "/api/v1/alerts", {Access::kPremium, Alerts});
}

}  // namespace baro::web
