#include "worker/observe.h"

#include <utility>

namespace baro::worker {

Observer::Observer(ObserverOptions options, store::Store& store, market::MarketData& market,
                   ConnectionReader read_connection, const Clock& clock)
    : store_(store),
      market_(market),
      read_connection_(std::move(read_connection)),
      tiers_(options.tier_loader, clock, options.tier_lifetime_ms, options.tier_cache_max_symbols),
      thresholds_(options.threshold_cache_connections) {}

Result<std::vector<ObservedPosition>> Observer::ManualPositions(
    const std::vector<store::ManualPosition>& list) {
  std::vector<ObservedPosition> out;
  out.reserve(list.size());
  for (const auto& mp : list) {
    auto inst = market_.Find(mp.venue, mp.symbol);
    if (!inst) return inst.error();  // judge nothing on a partial picture
    ObservedPosition o;
    o.key = PositionKey::OfManual(mp.id);
    o.manual_id = mp.id;
    o.thresholds_json = mp.thresholds_json;
    Position& p = o.position;
    p.venue = mp.venue;
    p.account = "manual";
    p.symbol = mp.symbol;
    p.base = inst->base;
    p.quote = inst->quote;
    p.side = mp.side;
    p.size = mp.size;
    p.entry_price = mp.entry_price;
    p.mark_price = inst->mark_price;
    p.leverage = mp.leverage;
    p.margin_mode = mp.margin_mode;
    p.isolated_margin = mp.margin;
    p.maintenance_margin_rate = inst->maintenance_margin_rate;
    p.notional = p.size * p.mark_price;
    p.unrealized_pnl = Sign(p.side) * p.size * (p.mark_price - p.entry_price);
    auto found = tiers_.Find(mp.venue, mp.symbol, inst->maintenance_margin_rate);
    o.tiers = std::move(found.spec.tiers);
    o.fee_rate = found.spec.formula_fee_rate;
    o.tiers_estimated = found.estimated;
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<ObservedPosition> Observer::ConnectionPositions(const store::Connection& c,
                                                            ConnectionRead& read) {
  // An account's own tiers (Binance's brackets) serve every user's estimates for that symbol.
  for (const auto& [symbol, own] : read.tiers) tiers_.Remember(c.venue, symbol, own);
  const auto overrides = thresholds_.For(c);  // parsed once per change
  std::vector<ObservedPosition> out;
  out.reserve(read.positions.size());
  for (auto& p : read.positions) {
    ObservedPosition o;
    o.key = PositionKey::OfConnection(c.id, p.symbol, p.side);
    o.thresholds_json = overrides->connection_json;
    o.position_thresholds_json =
        overrides->Position(p.symbol + ":" + std::string(ToString(p.side)));
    o.position = std::move(p);
    if (!o.position.liquidation_price) {
      auto found =
          tiers_.Find(o.position.venue, o.position.symbol, o.position.maintenance_margin_rate);
      o.tiers = std::move(found.spec.tiers);
      o.fee_rate = found.spec.formula_fee_rate;
      o.tiers_estimated = found.estimated;
      // The account's own tiers, when the venue reported them with the read, beat public ones.
      if (auto own = read.tiers.find(o.position.symbol); own != read.tiers.end()) {
        o.tiers = own->second;
        o.tiers_estimated = false;
      }
    }
    out.push_back(std::move(o));
  }
  return out;
}

// The cross estimate (worker/assess.h) counts every cross position of an account the read
// returned with equity, so each of them needs its tiers, the venue's price or not.
void Observer::FillCrossTiers(Observation& o) {
  for (auto& op : o.positions) {
    const Position& p = op.position;
    if (p.margin_mode != MarginMode::kCross || p.mark_price <= 0 || !op.tiers.empty()) continue;
    const Account* account = AccountFor(o, p);
    if (account == nullptr || account->equity <= 0) continue;
    auto found = tiers_.Find(p.venue, p.symbol, p.maintenance_margin_rate);
    op.tiers = std::move(found.spec.tiers);
    op.fee_rate = found.spec.formula_fee_rate;
    op.tiers_estimated = found.estimated;
  }
}

namespace {

// Every active chat of the user: the private chat and the linked groups (docs/telegram.md).
Status ReadChats(store::Store& store, Observation& o) {
  o.chats.clear();
  auto chats = store.telegram().ListChats(o.user.id);
  if (!chats) return chats.error();
  for (auto& chat : *chats) {
    if (chat.active) o.chats.push_back(std::move(chat));
  }
  return {};
}

}  // namespace

Status ReadStored(store::Store& store, Observation& o) {
  auto hold = store.HoldSession();  // a few reads in a row: the session is taken once
  std::vector<std::string> prefixes;
  if (o.connection) {
    prefixes = {PositionKey::ConnectionPrefix(o.connection->id), ReadGapsNoteKey(o.connection->id),
                "bot:"};
  } else {
    prefixes = {std::string(PositionKey::kManualPrefix), MarketDataNoteKey(o.monitor.id), "bot:"};
  }
  auto states = store.alerts().StatesWithPrefixes(o.user.id, prefixes);
  if (!states) return states.error();
  o.states = std::move(*states);
  if (auto st = ReadChats(store, o); !st) return st;
  o.previous.clear();
  bool keeps_previous = !o.connection && o.error;
  for (const auto& g : o.gaps) keeps_previous = keeps_previous || !g.margin_account.empty();
  if (keeps_previous) {
    auto list = store.snapshots().ListForUser(o.user.id);
    if (!list) return list.error();
    for (auto& snap : *list) {
      if (snap.monitor_id == o.monitor.id) o.previous.push_back(std::move(snap));
    }
  }
  return {};
}

Result<Observation> Observer::Observe(const store::Monitor& monitor) {
  Observation o;
  o.monitor = monitor;
  std::vector<store::ManualPosition> manual;
  {
    // The rows the reads start from, on one hold of the session; none is held over the reads
    // (market data, tiers, the fetcher), which may wait on the network.
    auto hold = store_.HoldSession();
    auto user = store_.users().Get(monitor.user_id);
    if (!user) return user.error();
    o.user = std::move(*user);
    if (monitor.connection_id) {
      auto connection = store_.connections().GetById(*monitor.connection_id);
      if (!connection) return connection.error();
      o.connection = std::move(*connection);
    } else {
      auto list = store_.manual_positions().ListForUser(monitor.user_id);
      if (list) {
        manual = std::move(*list);
      } else {
        o.error = list.error();
      }
    }
  }
  if (!monitor.connection_id) {
    if (!o.error) {
      auto positions = ManualPositions(manual);
      if (positions) {
        o.positions = std::move(*positions);
      } else {
        o.error = positions.error();
      }
    }
  } else {
    auto read = read_connection_
                    ? read_connection_(*o.connection)
                    : Result<ConnectionRead>(MakeError(ErrorCode::kUnavailable, "no fetcher"));
    if (!read) {
      o.error = read.error();
      // The decision counts the failure on the connection's health, telling the user's chats
      // when it comes to need attention.
      if (auto st = ReadChats(store_, o); !st) return st.error();
      return o;
    }
    o.positions = ConnectionPositions(*o.connection, *read);
    o.account = std::move(read->account);
    o.other_accounts = std::move(read->other_accounts);
    o.gaps = std::move(read->gaps);
    FillCrossTiers(o);
  }
  if (auto st = ReadStored(store_, o); !st) return st.error();
  return o;
}

}  // namespace baro::worker
