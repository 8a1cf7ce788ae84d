#include "worker/checker.h"

#include <boost/json/serialize.hpp>
#include <map>
#include <utility>

#include "core/json_util.h"
#include "i18n/i18n.h"
#include "log/logger.h"
#include "metrics/metrics.h"
#include "notify/alert_keyboard.h"
#include "notify/alert_message.h"
#include "notify/quiet_hours.h"
#include "notify/silences.h"
#include "risk/assessment.h"
#include "risk/cross_margin.h"
#include "risk/policy.h"

namespace baro::worker {

struct Checker::Observed {
  std::string key;
  Position position;
  std::optional<store::Id> manual_id;
  std::vector<risk::Tier> tiers;
  double fee_rate = 0;          // the venue's formula fee
  bool estimated = false;       // liquidation price estimated here (cross, counting the others)
  std::string thresholds_json;  // hand-entered position's, or its connection's
  std::string position_thresholds_json;  // a venue position's own, stored with its connection
  // The tiers are a conservative stand-in (risk::TierLookup::estimated).
  bool tiers_estimated = false;
};

namespace {

std::string StateKey(const std::string& position_key, risk::Signal s) {
  return position_key + "|" + std::string(risk::ToString(s));
}

constexpr std::string_view kPriceUnavailable = "unavailable";

std::string PositionKey(const store::Connection& c, const Position& p) {
  return "c" + std::to_string(c.id) + ":" + p.symbol + ":" + std::string(ToString(p.side));
}

// Hand-entered positions whose mark prices cannot be read, or are older than
// exchanges.mark_max_age_s, stay on the page as "price unavailable since" the last check that had
// prices: level "unavailable", distance unknown, observed_at left as it was. Once per outage.
void ShowPricesUnavailable(store::Store& store, const store::Monitor& monitor, std::int64_t now) {
  auto list = store.snapshots().ListForUser(monitor.user_id);
  if (!list) return;
  std::vector<store::PositionSnapshot> mine;
  bool changed = false;
  for (auto& snap : *list) {
    if (snap.monitor_id != monitor.id) continue;
    changed = changed || snap.level != kPriceUnavailable;
    snap.level = std::string(kPriceUnavailable);
    snap.distance_to_liquidation = -1;
    mine.push_back(std::move(snap));
  }
  if (!changed) return;
  if (auto st = store.snapshots().Replace(monitor.id, mine, now); !st) {
    log::Warn("worker.snapshot_failed", {{"error", st.error().message}});
  }
}

// The cross account that margins `p`: the read's main account, or the separately margined one
// its margin_account names; none when the read did not return it.
const Account* AccountFor(const ConnectionRead& read, const Position& p) {
  if (p.margin_account.empty()) return read.account ? &*read.account : nullptr;
  for (const auto& a : read.other_accounts) {
    if (a.name == p.margin_account) return &a;
  }
  return nullptr;
}

}  // namespace

Checker::Checker(CheckerOptions options, store::Store& store, market::MarketData& market,
                 ConnectionReader read_connection, const Clock& clock)
    : options_(std::move(options)),
      store_(store),
      market_(market),
      read_connection_(std::move(read_connection)),
      clock_(clock),
      tiers_(options_.tier_loader, clock, options_.tier_lifetime_ms,
             options_.tier_cache_max_symbols),
      thresholds_(options_.threshold_cache_connections) {}

Result<std::vector<Checker::Observed>> Checker::ManualPositions(const store::Monitor& m) {
  auto list = store_.manual_positions().ListForUser(m.user_id);
  if (!list) return list.error();
  std::vector<Observed> out;
  for (const auto& mp : *list) {
    auto inst = market_.Find(mp.venue, mp.symbol);
    if (!inst) return inst.error();  // judge nothing on a partial picture
    Observed o;
    o.key = "m" + std::to_string(mp.id);
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

// A venue that reports no liquidation price for a cross position: estimate it with the others
// of the same cross account held at their marks, except a hedge position's opposite leg on the same
// symbol, which moves with the mark too. Each separately margined account (a HIP-3 dex, a margin
// asset) is estimated on its own. The estimate starts from the cross wallet the venue reports;
// without one, from the cross equity less the cross positions' uPnL.
void Checker::EstimateCrossLiquidation(std::vector<Observed>& observed,
                                       const ConnectionRead& read) {
  std::map<std::string, std::vector<std::size_t>> by_account;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    const Position& p = observed[i].position;
    if (p.margin_mode != MarginMode::kCross || p.mark_price <= 0) continue;
    by_account[p.margin_account].push_back(i);
  }
  for (const auto& [name, index] : by_account) {
    const Account* account = AccountFor(read, observed[index.front()].position);
    if (account == nullptr || account->equity <= 0) continue;
    std::vector<risk::CrossLeg> legs;
    double wallet = account->equity;
    for (std::size_t i : index) {
      const Position& p = observed[i].position;
      if (observed[i].tiers.empty()) {
        auto found = tiers_.Find(p.venue, p.symbol, p.maintenance_margin_rate);
        observed[i].tiers = std::move(found.spec.tiers);
        observed[i].fee_rate = found.spec.formula_fee_rate;
        observed[i].tiers_estimated = found.estimated;
      }
      legs.push_back({p.side, p.size, p.entry_price, p.mark_price, observed[i].tiers,
                      observed[i].fee_rate, p.symbol});
      wallet -= Sign(p.side) * p.size * (p.mark_price - p.entry_price);
    }
    if (account->cross_wallet_balance) wallet = *account->cross_wallet_balance;
    for (std::size_t k = 0; k < legs.size(); ++k) {
      Observed& o = observed[index[k]];
      if (o.position.liquidation_price) continue;  // the venue's own figure stands
      if (auto lp = risk::CrossLiquidationPrice(legs, wallet, k)) {
        o.position.liquidation_price = lp;
        o.estimated = true;
      }
    }
  }
}

void Checker::RecordFailure(store::Connection c, const Error& error, std::int64_t now) {
  c.last_checked_at = now;
  c.consecutive_failures += 1;
  c.last_error = ToString(error.code);
  const bool newly =
      !c.needs_attention && c.consecutive_failures >= options_.failures_before_attention;
  if (c.consecutive_failures >= options_.failures_before_attention) c.needs_attention = true;
  if (newly && !c.attention_notified) {
    // Tell the user once, in the same transaction as any other outcome of this check.
    auto user = store_.users().Get(c.user_id);
    auto chat = store_.telegram().GetChat(c.user_id);
    if (user && chat && chat->active) {
      const std::string locale = user->locale;
      notify::Notice notice{notify::NoticeKind::kNeedsAttention, std::string(ToString(c.venue)),
                            c.label, "",
                            i18n::Text(locale, "error." + std::string(ToString(error.code)))};
      store::CheckOutcome outcome;
      outcome.user_id = c.user_id;
      for (auto& text : notify::RenderAlerts({}, {notice}, locale)) {
        store::OutboxMessage m;
        m.chat_id = chat->chat_id;
        m.text = std::move(text);
        m.next_attempt_at = now;
        m.created_at = now;
        outcome.messages.push_back(std::move(m));
      }
      outcome.alerts.push_back({0, c.user_id, "c" + std::to_string(c.id), "connection", "attention",
                                c.label + ": " + c.last_error, now});
      if (auto st = store_.alerts().Commit(outcome); st) c.attention_notified = true;
    }
  }
  if (auto st = store_.connections().UpdateHealth(c); !st) {
    log::Warn("worker.health_update_failed", {{"error", st.error().message}});
  }
}

// Hand-entered positions are priced from public mark prices. When those cannot be read for
// worker.failures_before_attention checks in a row, the user is told once that the positions are
// not being watched; the count lives with the alert states, so restarts neither repeat nor forget.
void Checker::NoteMarketData(const store::User& user, const store::Monitor& monitor, bool readable,
                             std::int64_t now) {
  const std::string key = "stale:m" + std::to_string(monitor.id) + "|data";
  auto states = store_.alerts().States(user.id);
  if (!states) return;
  std::int64_t failed = 0;
  bool told = false;
  for (const auto& s : *states) {
    if (s.key != key) continue;
    if (auto v = json::Parse(s.state_json)) {
      failed = json::GetInt(*v, "failures").value_or(0);
      told = json::GetBool(*v, "told").value_or(false);
    }
  }
  if (readable && failed == 0) return;
  store::CheckOutcome outcome;
  outcome.user_id = user.id;
  failed = readable ? 0 : failed + 1;
  if (!readable && !told && failed >= options_.failures_before_attention) {
    told = true;
    auto chat = store_.telegram().GetChat(user.id);
    if (chat && chat->active) {
      notify::Notice notice{notify::NoticeKind::kStale, "manual", "", "",
                            i18n::Text(user.locale, "alert.notice.prices_unavailable")};
      for (auto& text : notify::RenderAlerts({}, {notice}, user.locale)) {
        store::OutboxMessage m;
        m.chat_id = chat->chat_id;
        m.text = std::move(text);
        m.next_attempt_at = now;
        m.created_at = now;
        outcome.messages.push_back(std::move(m));
      }
    }
    outcome.alerts.push_back({0, user.id, "m", "data", "stale", "mark prices unavailable", now});
  }
  if (readable) told = false;
  outcome.states.push_back(
      {user.id, key,
       boost::json::serialize(boost::json::object{{"failures", failed}, {"told", told}})});
  if (auto st = store_.alerts().Commit(outcome); !st) {
    log::Warn("worker.stale_note_failed", {{"error", st.error().message}});
  }
}

// What a read could not watch is shown with the connection and told once: "N positions on
// <product> are not watched" for a product Baro does not read, and for a separately margined
// account whose read failed, that its positions are shown as last read. The notes live with the
// alert states under "gaps:c<id>|read" (the page reads them there); a note is told again only
// after it has gone away.
void Checker::NoteGaps(const store::User& user, const store::Connection& connection,
                       const std::vector<ReadGap>& gaps, std::int64_t now) {
  const std::string key = "gaps:c" + std::to_string(connection.id) + "|read";
  auto states = store_.alerts().States(user.id);
  if (!states) return;
  std::map<std::string, bool> told;
  bool had_state = false;
  std::string old_json;
  for (const auto& s : *states) {
    if (s.key != key) continue;
    had_state = true;
    old_json = s.state_json;
    if (auto v = json::Parse(s.state_json)) {
      if (const auto* list = json::Find(*v, "told"); list && list->is_array()) {
        for (const auto& t : list->as_array()) {
          if (t.is_string()) told[std::string(t.as_string())] = true;
        }
      }
    }
  }
  if (gaps.empty() && !had_state) return;
  store::CheckOutcome outcome;
  outcome.user_id = user.id;
  boost::json::array notes;
  boost::json::array now_told;
  std::vector<notify::Notice> notices;
  for (const auto& g : gaps) {
    const std::string id = g.product + (g.error.empty() ? "" : "|failed");
    notes.push_back(boost::json::object{{"product", g.product},
                                        {"positions", g.positions},
                                        {"margin_account", g.margin_account},
                                        {"error", g.error}});
    now_told.push_back(boost::json::value(id));
    if (told.count(id)) continue;
    const std::string text =
        g.error.empty()
            ? i18n::Text(user.locale, "connection.gap.not_watched",
                         {{"count", std::to_string(g.positions)}, {"product", g.product}})
            : i18n::Text(
                  user.locale, "connection.gap.unread",
                  {{"product", g.product}, {"error", i18n::Text(user.locale, "error." + g.error)}});
    notices.push_back({notify::NoticeKind::kStale, std::string(ToString(connection.venue)),
                       connection.label, "", text});
    outcome.alerts.push_back({0, user.id, "c" + std::to_string(connection.id), "connection",
                              g.error.empty() ? "not_watched" : "unread",
                              connection.label + ": " + g.product, now});
  }
  if (!notices.empty()) {
    auto chat = store_.telegram().GetChat(user.id);
    if (chat && chat->active) {
      for (auto& text : notify::RenderAlerts({}, notices, user.locale)) {
        store::OutboxMessage m;
        m.chat_id = chat->chat_id;
        m.text = std::move(text);
        m.next_attempt_at = now;
        m.created_at = now;
        outcome.messages.push_back(std::move(m));
      }
    }
  }
  std::string new_json =
      boost::json::serialize(boost::json::object{{"gaps", notes}, {"told", now_told}});
  if (notices.empty() && new_json == old_json) return;  // nothing new to show or tell
  outcome.states.push_back({user.id, key, std::move(new_json)});
  if (auto st = store_.alerts().Commit(outcome); !st) {
    log::Warn("worker.gap_note_failed", {{"error", st.error().message}});
  }
}

CheckOutcome Checker::Check(const store::Monitor& monitor, std::int64_t now) {
  static auto& failures = metrics::Default().Counter(
      "baro_check_failures_total", "Checks that could not read their positions.", {"source"});
  auto user = store_.users().Get(monitor.user_id);
  if (!user) return {};
  if (!monitor.connection_id) {
    auto observed = ManualPositions(monitor);
    if (!observed) {
      failures.With({"manual"}).Add();
      log::Warn("worker.manual_read_failed", {{"user_id", std::to_string(monitor.user_id)},
                                              {"error", observed.error().message}});
      NoteMarketData(*user, monitor, /*readable=*/false, now);
      ShowPricesUnavailable(store_, monitor, now);
      return {};
    }
    NoteMarketData(*user, monitor, /*readable=*/true, now);
    Evaluate(*user, monitor, std::nullopt, std::move(*observed), nullptr, now);
    return {};
  }
  auto connection = store_.connections().GetById(*monitor.connection_id);
  if (!connection) return {};  // deleted meanwhile
  auto read = read_connection_
                  ? read_connection_(*connection)
                  : Result<ConnectionRead>(MakeError(ErrorCode::kUnavailable, "no fetcher"));
  if (!read) {
    failures.With({std::string(ToString(connection->venue))}).Add();
    log::Warn("worker.connection_read_failed",
              {{"connection_id", std::to_string(connection->id)}, {"error", read.error().message}});
    RecordFailure(*connection, read.error(), now);
    // The venue said how long to stay away: an account limit's wait (OKX, Gate, KuCoin), or the
    // fetcher's ban on the address for the venues that limit by address.
    if (read.error().code == ErrorCode::kRateLimited && read.error().retry_after_ms > 0)
      return {.not_before_ms = now + read.error().retry_after_ms};
    return {};
  }
  // An account's own tiers (Binance's brackets) serve every user's estimates for that symbol.
  for (const auto& [symbol, own] : read->tiers) tiers_.Remember(connection->venue, symbol, own);
  std::vector<Observed> observed;
  const auto overrides = thresholds_.For(*connection);  // parsed once per change
  for (auto& p : read->positions) {
    Observed o;
    o.key = PositionKey(*connection, p);
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
      if (auto own = read->tiers.find(o.position.symbol); own != read->tiers.end()) {
        o.tiers = own->second;
        o.tiers_estimated = false;
      }
    }
    observed.push_back(std::move(o));
  }
  EstimateCrossLiquidation(observed, *read);
  store::Connection healthy = *connection;
  healthy.last_checked_at = now;
  healthy.last_success_at = now;
  healthy.consecutive_failures = 0;
  healthy.last_error.clear();
  healthy.needs_attention = false;
  healthy.attention_notified = false;
  (void)store_.connections().UpdateHealth(healthy);
  NoteGaps(*user, healthy, read->gaps, now);
  Evaluate(*user, monitor, healthy, std::move(observed), &*read, now);
  return {};
}

void Checker::Evaluate(const store::User& user, const store::Monitor& monitor,
                       const std::optional<store::Connection>& connection,
                       std::vector<Observed> observed, const ConnectionRead* read,
                       std::int64_t now) {
  auto states = store_.alerts().States(user.id);
  if (!states) return;
  std::map<std::string, risk::AlertState> by_key;
  for (const auto& s : *states) {
    if (auto parsed = risk::AlertState::FromJson(s.state_json)) by_key[s.key] = *parsed;
  }
  auto base = risk::ApplyOverrides(options_.defaults, user.thresholds_json);
  const risk::Thresholds user_thresholds = base ? *base : options_.defaults;
  const std::string label = connection ? connection->label : "";

  store::CheckOutcome outcome;
  outcome.user_id = user.id;
  std::vector<notify::AlertItem> items;
  std::vector<notify::Notice> notices;
  std::vector<store::PositionSnapshot> snapshots;
  std::map<std::string, bool> present;
  bool urgent = false;

  for (const auto& o : observed) {
    present[o.key] = true;
    auto t = risk::ApplyOverrides(user_thresholds, o.thresholds_json);
    if (t && !o.position_thresholds_json.empty()) {
      t = risk::ApplyOverrides(*t, o.position_thresholds_json);
    }
    const risk::Thresholds& thresholds = t ? *t : user_thresholds;
    const Account* acct = read != nullptr ? AccountFor(*read, o.position) : nullptr;
    risk::PositionRisk r = risk::Assess({.position = o.position,
                                         .account = acct,
                                         .tiers = o.tiers,
                                         .fee_rate = o.fee_rate,
                                         .tiers_estimated = o.tiers_estimated},
                                        thresholds);
    if (o.estimated) r.liquidation_estimated = true;
    notify::AlertItem item{label, o.position, r, {}, o.key};
    for (risk::Signal s : risk::kAllSignals) {
      const std::string key = StateKey(o.key, s);
      auto d = risk::Decide(s, by_key[key], r, thresholds, now);
      if (!(d.state == by_key[key])) outcome.states.push_back({user.id, key, d.state.ToJson()});
      if (d.event) {
        item.events.push_back(*d.event);
        if (d.event->level >= risk::Level::kCritical) urgent = true;
        outcome.alerts.push_back({0, user.id, o.key, std::string(risk::ToString(s)),
                                  std::string(risk::ToString(d.event->level)),
                                  notify::Summary(item, *d.event, user.locale), now});
      }
    }
    if (!item.events.empty()) items.push_back(item);
    store::PositionSnapshot snap;
    snap.user_id = user.id;
    snap.connection_id = monitor.connection_id;
    snap.manual_position_id = o.manual_id;
    snap.position_key = o.key;
    snap.position = o.position;
    snap.position.mark_price = r.mark;
    snap.position.liquidation_price = r.liquidation_price;
    snap.position.notional = r.notional;
    snap.position.unrealized_pnl = r.unrealized_pnl;
    snap.liquidation_estimated = r.liquidation_estimated;
    snap.rates_estimated = r.tiers_estimated;
    snap.distance_to_liquidation = r.distance.value_or(-1);
    snap.level = std::string(risk::ToString(r.worst()));
    snap.observed_at = now;
    snapshots.push_back(std::move(snap));
  }

  // A separately margined account whose read failed: its positions were not seen, not closed.
  // They stay on the page as last read, marked unavailable since then, and keep their states.
  if (read != nullptr) {
    std::map<std::string, bool> failed;
    for (const auto& g : read->gaps) {
      if (!g.margin_account.empty()) failed[g.margin_account] = true;
    }
    if (!failed.empty()) {
      if (auto previous = store_.snapshots().ListForUser(user.id)) {
        for (auto& snap : *previous) {
          if (snap.monitor_id != monitor.id || present.count(snap.position_key)) continue;
          if (!failed.count(snap.position.margin_account)) continue;
          present[snap.position_key] = true;
          snap.level = std::string(kPriceUnavailable);
          snap.distance_to_liquidation = -1;
          snapshots.push_back(std::move(snap));
        }
      }
    }
  }

  // Positions of this monitor that were announced before and are gone now: closed or liquidated.
  const std::string prefix = connection ? "c" + std::to_string(connection->id) + ":" : "m";
  std::map<std::string, bool> closed_reported;
  for (const auto& [key, state] : by_key) {
    const std::string position_key = key.substr(0, key.rfind('|'));
    if (!position_key.starts_with(prefix) || present.count(position_key)) continue;
    if (!connection && position_key.find(':') != std::string::npos) continue;  // a connection's key
    outcome.states.push_back({user.id, key, risk::AlertState{}.ToJson()});
    if (state.notified > risk::Level::kOk && !closed_reported[position_key]) {
      closed_reported[position_key] = true;
      std::string symbol = position_key;
      if (auto c1 = position_key.find(':'); c1 != std::string::npos) {
        symbol = position_key.substr(c1 + 1, position_key.rfind(':') - c1 - 1);
      }
      notices.push_back({notify::NoticeKind::kClosed,
                         connection ? std::string(ToString(connection->venue)) : "manual", label,
                         symbol, ""});
      outcome.alerts.push_back(
          {0, user.id, position_key, "position", "closed", symbol + " closed", now});
    }
  }

  // What the user snoozed or muted from the bot is recorded but not sent; never an emergency.
  items = notify::WithoutHeldBack(std::move(items), notify::ReadSilences(*states), now);
  urgent = false;
  int level = 0;  // the highest level in the messages: the sender's priority lane
  for (const auto& item : items) {
    for (const auto& e : item.events) {
      urgent = urgent || e.level >= risk::Level::kCritical;
      level = std::max(level, static_cast<int>(e.level));
    }
  }
  if (!items.empty() || !notices.empty()) {
    auto chat = store_.telegram().GetChat(user.id);
    if (chat && chat->active) {
      const bool quiet = notify::InQuietHours(notify::LocalMinuteOfDay(now, user.time_zone),
                                              user.quiet_start_minute, user.quiet_end_minute);
      std::string keyboard = notify::AlertKeyboard(items, options_.page_url, user.locale);
      for (auto& text : notify::RenderAlerts(items, notices, user.locale)) {
        store::OutboxMessage m;
        m.chat_id = chat->chat_id;
        m.text = std::move(text);
        m.reply_markup = std::exchange(keyboard, "");  // under the first part
        m.silent = quiet && !urgent;
        m.level = level;
        m.next_attempt_at = now;
        m.created_at = now;
        outcome.messages.push_back(std::move(m));
      }
    }
  }
  if (!outcome.states.empty() || !outcome.alerts.empty() || !outcome.messages.empty()) {
    if (auto st = store_.alerts().Commit(outcome); !st) {
      log::Error("worker.commit_failed",
                 {{"user_id", std::to_string(user.id)}, {"error", st.error().message}});
      return;  // nothing was written; the next check decides again from the old state
    }
  }
  if (auto st = store_.snapshots().Replace(monitor.id, snapshots, now); !st) {
    log::Warn("worker.snapshot_failed", {{"error", st.error().message}});
  }
}

}  // namespace baro::worker
