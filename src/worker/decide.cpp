#include "worker/decide.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <set>
#include <utility>

#include "core/json_util.h"
#include "i18n/i18n.h"
#include "notify/alert_keyboard.h"
#include "notify/alert_message.h"
#include "notify/quiet_hours.h"
#include "notify/silences.h"
#include "risk/policy.h"

namespace baro::worker {
namespace {

const store::AlertState* FindState(const Observation& o, std::string_view key) {
  for (const auto& s : o.states) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

bool AnyActiveChat(const Observation& o) {
  for (const auto& chat : o.chats) {
    if (chat.active) return true;
  }
  return false;
}

// The rendered texts as messages to every active chat of the user; the keyboard goes under the
// first part of each chat's message.
void AddMessages(store::CheckCommit& commit, const Observation& o,
                 const std::vector<std::string>& texts, const std::string& keyboard, bool silent,
                 int level, std::int64_t now) {
  for (const auto& chat : o.chats) {
    if (!chat.active) continue;
    std::string markup = keyboard;
    for (const auto& text : texts) {
      store::OutboxMessage m;
      m.chat_id = chat.chat_id;
      m.text = text;
      m.reply_markup = std::exchange(markup, "");
      m.silent = silent;
      m.level = level;
      m.next_attempt_at = now;
      m.created_at = now;
      commit.outcome.messages.push_back(std::move(m));
    }
  }
}

// A connection that could not be read: its health counts the failure, and the user is told once
// when it comes to need attention.
void DecideReadFailure(const Observation& o, const DecideOptions& options, std::int64_t now,
                       store::CheckCommit& commit) {
  store::Connection c = *o.connection;
  c.last_checked_at = now;
  c.consecutive_failures += 1;
  c.last_error = ToString(o.error->code);
  const bool newly =
      !c.needs_attention && c.consecutive_failures >= options.failures_before_attention;
  if (c.consecutive_failures >= options.failures_before_attention) c.needs_attention = true;
  if (newly && !c.attention_notified && AnyActiveChat(o)) {
    const std::string& locale = o.user.locale;
    notify::Notice notice{notify::NoticeKind::kNeedsAttention, std::string(ToString(c.venue)),
                          c.label, "",
                          i18n::Text(locale, "error." + std::string(ToString(o.error->code)))};
    AddMessages(commit, o, notify::RenderAlerts({}, {notice}, locale), "", false, 0, now);
    commit.outcome.alerts.push_back({0, c.user_id, "c" + std::to_string(c.id), "connection",
                                     "attention", c.label + ": " + c.last_error, now});
    c.attention_notified = true;
  }
  commit.health = std::move(c);
}

// Hand-entered positions are priced from public mark prices. When those cannot be read for
// failures_before_attention checks in a row, the user is told once that the positions are not
// being watched; the count lives with the alert states under "stale:m<monitor>|data", so
// restarts neither repeat nor forget.
void NoteMarketData(const Observation& o, const DecideOptions& options, std::int64_t now,
                    store::CheckCommit& commit) {
  const bool readable = !o.error;
  const std::string key = MarketDataNoteKey(o.monitor.id);
  std::int64_t failed = 0;
  bool told = false;
  if (const auto* s = FindState(o, key)) {
    if (auto v = json::Parse(s->state_json)) {
      failed = json::GetInt(*v, "failures").value_or(0);
      told = json::GetBool(*v, "told").value_or(false);
    }
  }
  if (readable && failed == 0) return;
  failed = readable ? 0 : failed + 1;
  if (!readable && !told && failed >= options.failures_before_attention) {
    told = true;
    notify::Notice notice{notify::NoticeKind::kStale, "manual", "", "",
                          i18n::Text(o.user.locale, "alert.notice.prices_unavailable")};
    AddMessages(commit, o, notify::RenderAlerts({}, {notice}, o.user.locale), "", false, 0, now);
    commit.outcome.alerts.push_back(
        {0, o.user.id, "m", "data", "stale", "mark prices unavailable", now});
  }
  if (readable) told = false;
  commit.outcome.states.push_back(
      {o.user.id, key,
       boost::json::serialize(boost::json::object{{"failures", failed}, {"told", told}})});
}

// Hand-entered positions whose mark prices cannot be read, or are older than
// exchanges.mark_max_age_s, stay on the page as "price unavailable since" the last check that had
// prices: level "unavailable", distance unknown, observed_at left as it was. Once per outage.
void ShowPricesUnavailable(const Observation& o, std::int64_t now, store::CheckCommit& commit) {
  std::vector<store::PositionSnapshot> mine;
  bool changed = false;
  for (const auto& previous : o.previous) {
    if (previous.monitor_id != o.monitor.id) continue;
    store::PositionSnapshot snap = previous;
    changed = changed || snap.level != kPriceUnavailable;
    snap.level = std::string(kPriceUnavailable);
    snap.distance_to_liquidation = -1;
    mine.push_back(std::move(snap));
  }
  if (!changed) return;
  commit.snapshots_of = o.monitor.id;
  commit.snapshots = std::move(mine);
  commit.snapshots_at = now;
}

// What a read could not watch is shown with the connection and told once: "N positions on
// <product> are not watched" for a product Baro does not read, and for a separately margined
// account whose read failed, that its positions are shown as last read. The notes live with the
// alert states under "gaps:c<id>|read" (the page reads them there); a note is told again only
// after it has gone away.
void NoteGaps(const Observation& o, std::int64_t now, store::CheckCommit& commit) {
  const store::Connection& connection = *o.connection;
  const std::string key = ReadGapsNoteKey(connection.id);
  std::set<std::string> told;
  std::string old_json;
  const store::AlertState* state = FindState(o, key);
  if (state != nullptr) {
    old_json = state->state_json;
    if (auto v = json::Parse(state->state_json)) {
      if (const auto* list = json::Find(*v, "told"); list && list->is_array()) {
        for (const auto& t : list->as_array()) {
          if (t.is_string()) told.insert(std::string(t.as_string()));
        }
      }
    }
  }
  if (o.gaps.empty() && state == nullptr) return;
  const std::string& locale = o.user.locale;
  boost::json::array notes;
  boost::json::array now_told;
  std::vector<notify::Notice> notices;
  std::vector<store::AlertRecord> alerts;
  for (const auto& g : o.gaps) {
    const std::string id = g.product + (g.error.empty() ? "" : "|failed");
    notes.push_back(boost::json::object{{"product", g.product},
                                        {"positions", g.positions},
                                        {"margin_account", g.margin_account},
                                        {"error", g.error}});
    now_told.push_back(boost::json::value(id));
    if (told.count(id)) continue;
    const std::string text =
        g.error.empty()
            ? i18n::Text(locale, "connection.gap.not_watched",
                         {{"count", std::to_string(g.positions)}, {"product", g.product}})
            : i18n::Text(
                  locale, "connection.gap.unread",
                  {{"product", g.product}, {"error", i18n::Text(locale, "error." + g.error)}});
    notices.push_back({notify::NoticeKind::kStale, std::string(ToString(connection.venue)),
                       connection.label, "", text});
    alerts.push_back({0, o.user.id, "c" + std::to_string(connection.id), "connection",
                      g.error.empty() ? "not_watched" : "unread",
                      connection.label + ": " + g.product, now});
  }
  std::string new_json =
      boost::json::serialize(boost::json::object{{"gaps", notes}, {"told", now_told}});
  if (notices.empty() && new_json == old_json) return;  // nothing new to show or tell
  if (!notices.empty()) {
    AddMessages(commit, o, notify::RenderAlerts({}, notices, locale), "", false, 0, now);
  }
  for (auto& a : alerts) commit.outcome.alerts.push_back(std::move(a));
  commit.outcome.states.push_back({o.user.id, key, std::move(new_json)});
}

// Whether `key` names one of this monitor's positions: a position of its connection, or, for the
// hand-entered monitor, a hand-entered position.
bool OfThisMonitor(const Observation& o, const PositionKey& key) {
  if (o.connection) {
    return key.source == PositionKey::Source::kConnection && key.id == o.connection->id;
  }
  return key.source == PositionKey::Source::kManual;
}

// The alert policy per position and signal, the messages that announce what changed, positions
// gone since the last check, and the snapshots for the page.
void Evaluate(const Observation& o, const std::vector<AssessedPosition>& assessed,
              const DecideOptions& options, std::int64_t now, store::CheckCommit& commit) {
  const store::User& user = o.user;
  const std::size_t first_alert = commit.outcome.alerts.size();
  std::map<std::string, risk::AlertState, std::less<>> by_key;
  for (const auto& s : o.states) {
    auto position = PositionKey::Parse(PositionPartOfStateKey(s.key));
    if (!position || !OfThisMonitor(o, *position)) continue;
    if (auto parsed = risk::AlertState::FromJson(s.state_json)) by_key[s.key] = *parsed;
  }
  const std::string label = o.connection ? o.connection->label : "";
  std::vector<notify::AlertItem> items;
  std::vector<notify::Notice> notices;
  std::set<std::string, std::less<>> present;

  for (const auto& a : assessed) {
    const ObservedPosition& op = *a.observed;
    const std::string position_key = op.key.ToString();
    present.insert(position_key);
    notify::AlertItem item{label, a.position, a.risk, {}, position_key};
    for (risk::Signal s : risk::kAllSignals) {
      const std::string key = StateKey(op.key, risk::ToString(s));
      risk::AlertState& previous = by_key[key];
      auto d = risk::Decide(s, previous, a.risk, a.thresholds, now);
      if (!(d.state == previous)) commit.outcome.states.push_back({user.id, key, d.state.ToJson()});
      if (d.event && item.events.empty() && options.price_precision) {
        item.price = options.price_precision(a.position.venue, a.position.symbol);
      }
      if (d.event) {
        item.events.push_back(*d.event);
        commit.outcome.alerts.push_back({0, user.id, position_key, std::string(risk::ToString(s)),
                                         std::string(risk::ToString(d.event->level)),
                                         notify::Summary(item, *d.event, user.locale), now});
        commit.outcome.alerts.back().figures =
            store::AlertFigures{std::string(risk::ToString(d.event->kind)),
                                a.risk.mark,
                                a.risk.liquidation_price,
                                a.risk.liquidation_estimated,
                                a.risk.distance,
                                a.risk.effective_leverage,
                                a.risk.roe};
      }
    }
    if (!item.events.empty()) items.push_back(item);
    store::PositionSnapshot snap;
    snap.user_id = user.id;
    snap.connection_id = o.monitor.connection_id;
    snap.manual_position_id = op.manual_id;
    snap.position_key = position_key;
    snap.position = a.position;
    snap.position.mark_price = a.risk.mark;
    snap.position.liquidation_price = a.risk.liquidation_price;
    snap.position.notional = a.risk.notional;
    snap.position.unrealized_pnl = a.risk.unrealized_pnl;
    snap.liquidation_estimated = a.risk.liquidation_estimated;
    snap.rates_estimated = a.risk.tiers_estimated;
    snap.distance_to_liquidation = a.risk.distance.value_or(-1);
    snap.level = std::string(risk::ToString(a.risk.worst()));
    snap.observed_at = now;
    commit.snapshots.push_back(std::move(snap));
  }

  // A separately margined account whose read failed: its positions were not seen, not closed.
  // They stay on the page as last read, marked unavailable since then, and keep their states.
  std::set<std::string, std::less<>> failed;
  for (const auto& g : o.gaps) {
    if (!g.margin_account.empty()) failed.insert(g.margin_account);
  }
  if (!failed.empty()) {
    for (const auto& previous : o.previous) {
      if (previous.monitor_id != o.monitor.id || present.count(previous.position_key)) continue;
      if (!failed.count(previous.position.margin_account)) continue;
      present.insert(previous.position_key);
      store::PositionSnapshot snap = previous;
      snap.level = std::string(kPriceUnavailable);
      snap.distance_to_liquidation = -1;
      commit.snapshots.push_back(std::move(snap));
    }
  }

  // Positions of this monitor that were announced before and are gone now: closed or liquidated.
  std::set<std::string, std::less<>> closed_reported;
  for (const auto& [key, state] : by_key) {
    const std::string_view position_key = PositionPartOfStateKey(key);
    if (present.count(position_key)) continue;
    commit.outcome.states.push_back({user.id, key, risk::AlertState{}.ToJson()});
    if (state.notified > risk::Level::kOk && !closed_reported.count(position_key)) {
      closed_reported.insert(std::string(position_key));
      const auto parsed = PositionKey::Parse(position_key);
      const std::string symbol = o.connection ? parsed->symbol : std::string(position_key);
      notices.push_back({notify::NoticeKind::kClosed,
                         o.connection ? std::string(ToString(o.connection->venue)) : "manual",
                         label, symbol, ""});
      commit.outcome.alerts.push_back(
          {0, user.id, std::string(position_key), "position", "closed", symbol + " closed", now});
    }
  }

  // What the user snoozed or muted from the bot is recorded but not sent; never an emergency.
  items = notify::WithoutHeldBack(std::move(items), notify::ReadSilences(o.states), now);
  bool urgent = false;
  int level = 0;  // the highest level in the messages: the sender's priority lane
  for (const auto& item : items) {
    for (const auto& e : item.events) {
      urgent = urgent || e.level >= risk::Level::kCritical;
      level = std::max(level, static_cast<int>(e.level));
    }
  }
  // Each alert names the message that announced it (the first of this check's batch), or none
  // when it was held back; past the end when no chat got one (the store records "not sent").
  const int message = static_cast<int>(commit.outcome.messages.size());
  for (std::size_t i = first_alert; i < commit.outcome.alerts.size(); ++i) {
    store::AlertRecord& alert = commit.outcome.alerts[i];
    const bool announced =
        alert.signal == "position" ||
        std::any_of(items.begin(), items.end(), [&](const notify::AlertItem& item) {
          return item.position_key == alert.position_key &&
                 std::any_of(item.events.begin(), item.events.end(), [&](const auto& e) {
                   return risk::ToString(e.signal) == alert.signal;
                 });
        });
    alert.message = announced ? message : store::AlertRecord::kNoMessage;
  }
  if ((!items.empty() || !notices.empty()) && AnyActiveChat(o)) {
    const bool quiet = notify::InQuietHours(notify::LocalMinuteOfDay(now, user.time_zone),
                                            user.quiet_start_minute, user.quiet_end_minute);
    AddMessages(commit, o, notify::RenderAlerts(items, notices, user.locale),
                notify::AlertKeyboard(items, options.page_url, user.locale), quiet && !urgent,
                level, now);
  }
  commit.snapshots_of = o.monitor.id;
  commit.snapshots_at = now;
}

}  // namespace

store::CheckCommit Decide(const Observation& o, const std::vector<AssessedPosition>& assessed,
                          const DecideOptions& options, std::int64_t now) {
  store::CheckCommit commit;
  commit.outcome.user_id = o.user.id;
  if (o.connection) {
    if (o.error) {
      DecideReadFailure(o, options, now, commit);
      return commit;
    }
    store::Connection healthy = *o.connection;
    healthy.last_checked_at = now;
    healthy.last_success_at = now;
    healthy.consecutive_failures = 0;
    healthy.last_error.clear();
    healthy.needs_attention = false;
    healthy.attention_notified = false;
    commit.health = std::move(healthy);
    NoteGaps(o, now, commit);
  } else {
    NoteMarketData(o, options, now, commit);
    if (o.error) {
      ShowPricesUnavailable(o, now, commit);
      return commit;
    }
  }
  Evaluate(o, assessed, options, now, commit);
  return commit;
}

bool Empty(const store::CheckCommit& commit) {
  return !commit.complete && !commit.health && !commit.snapshots_of &&
         commit.outcome.states.empty() && commit.outcome.alerts.empty() &&
         commit.outcome.messages.empty();
}

PricePrecisionLookup PricePrecisionFrom(market::MarketData& market) {
  return [&market](Venue venue, std::string_view symbol) {
    auto inst = market.Find(venue, symbol);
    if (!inst) return notify::PricePrecision{};
    return notify::PricePrecision{inst->price_tick, inst->price_significant,
                                  inst->price_max_decimals};
  };
}

}  // namespace baro::worker
