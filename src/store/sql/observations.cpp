// Position snapshots and history, alert state and records, and the Telegram outbox.
#include <boost/json/serialize.hpp>

#include "core/json_util.h"
#include "core/position_json.h"
#include "store/sql/repositories.h"

namespace baro::store::sql {
namespace {

OutboxStatus StatusFrom(std::string_view s) {
  if (s == "sent") return OutboxStatus::kSent;
  if (s == "failed") return OutboxStatus::kFailed;
  return OutboxStatus::kPending;
}

constexpr std::string_view kOutboxColumns =
    "id, user_id, chat_id, text, silent, status, attempts, next_attempt_at, created_at, sent_at, "
    "last_error, lease_owner, lease_until, reply_markup, level, kind";

OutboxMessage ReadOutbox(const Statement& q) {
  OutboxMessage m;
  m.id = q.Int(0);
  m.user_id = q.Int(1);
  m.chat_id = q.Int(2);
  m.text = q.Text(3);
  m.silent = q.Int(4) != 0;
  m.status = StatusFrom(q.Text(5));
  m.attempts = static_cast<int>(q.Int(6));
  m.next_attempt_at = q.Int(7);
  m.created_at = q.Int(8);
  m.sent_at = q.Int(9);
  m.last_error = q.Text(10);
  m.lease_owner = q.Text(11);
  m.lease_until = q.Int(12);
  m.reply_markup = q.Text(13);
  m.level = static_cast<int>(q.Int(14));
  m.kind = q.Text(15);
  return m;
}

// A snapshot's position_json is the position's own JSON plus what the worker concluded about its
// figures beyond the columns: "rates_estimated" (written only when true; absent reads as false,
// so rows written before it existed read as they were).
constexpr std::string_view kRatesEstimated = "rates_estimated";

std::string SnapshotPositionJson(const PositionSnapshot& s) {
  boost::json::object o = ToJson(s.position);
  if (s.rates_estimated) o[kRatesEstimated] = true;
  return boost::json::serialize(o);
}

}  // namespace

Status Snapshots::Replace(Id monitor_id, const std::vector<PositionSnapshot>& positions,
                          std::int64_t now) {
  Transaction tx(db_);
  if (!tx.status()) return tx.status();
  if (auto st = Write(monitor_id, positions, now); !st) return st;
  return tx.Commit();
}

Status Snapshots::Write(Id monitor_id, const std::vector<PositionSnapshot>& positions,
                        std::int64_t now) {
  if (auto st = Statement(db_, "DELETE FROM position_snapshots WHERE monitor_id = ?")
                    .Bind(1, monitor_id)
                    .Run();
      !st) {
    return st;
  }
  for (const auto& s : positions) {
    Statement q(
        db_,
        "INSERT INTO position_snapshots(monitor_id, user_id, position_key, connection_id, "
        "manual_position_id, position_json, liquidation_estimated, distance_to_liquidation, "
        "level, observed_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
    q.Bind(1, monitor_id)
        .Bind(2, s.user_id)
        .Bind(3, s.position_key)
        .Bind(4, s.connection_id)
        .Bind(5, s.manual_position_id)
        .Bind(6, SnapshotPositionJson(s))
        .Bind(7, s.liquidation_estimated)
        .Bind(8, s.distance_to_liquidation)
        .Bind(9, s.level)
        .Bind(10, s.observed_at);
    if (auto st = q.Run(); !st) return st;
    Statement h(db_,
                "INSERT INTO position_history(user_id, position_key, at, distance_to_liquidation, "
                "mark_price) VALUES (?,?,?,?,?)");
    h.Bind(1, s.user_id)
        .Bind(2, s.position_key)
        .Bind(3, now)
        .Bind(4, s.distance_to_liquidation)
        .Bind(5, s.position.mark_price);
    if (auto st = h.Run(); !st) return st;
  }
  return {};
}

Result<std::vector<PositionSnapshot>> Snapshots::ListForUser(Id user_id) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_,
              "SELECT monitor_id, user_id, position_key, connection_id, manual_position_id, "
              "position_json, liquidation_estimated, distance_to_liquidation, level, observed_at "
              "FROM position_snapshots WHERE user_id = ? ORDER BY position_key");
  q.Bind(1, user_id);
  std::vector<PositionSnapshot> out;
  for (;;) {
    auto row = q.Step();
    if (!row) return row.error();
    if (!*row) break;
    PositionSnapshot s;
    s.monitor_id = q.Int(0);
    s.user_id = q.Int(1);
    s.position_key = q.Text(2);
    if (auto v = q.OptInt(3)) s.connection_id = *v;
    if (auto v = q.OptInt(4)) s.manual_position_id = *v;
    auto parsed = json::Parse(q.Text(5));
    if (!parsed) return parsed.error();
    auto position = PositionFromJson(*parsed);
    if (!position) return position.error();
    s.position = std::move(*position);
    s.rates_estimated = json::GetBool(*parsed, kRatesEstimated).value_or(false);
    s.liquidation_estimated = q.Int(6) != 0;
    s.distance_to_liquidation = q.Double(7);
    s.level = q.Text(8);
    s.observed_at = q.Int(9);
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<HistoryPoint>> Snapshots::History(Id user_id, std::int64_t since) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_,
              "SELECT position_key, at, distance_to_liquidation, mark_price FROM position_history "
              "WHERE user_id = ? AND at >= ? ORDER BY at");
  q.Bind(1, user_id).Bind(2, since);
  return ReadAll<HistoryPoint>(q, [](const Statement& r) {
    return HistoryPoint{r.Text(0), r.Int(1), r.Double(2), r.Double(3)};
  });
}

Status Snapshots::PruneHistory(std::int64_t before) {
  std::lock_guard lock(db_.mutex());
  return Statement(db_, "DELETE FROM position_history WHERE at < ?").Bind(1, before).Run();
}

Result<std::vector<AlertState>> Alerts::States(Id user_id) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "SELECT user_id, key, state_json FROM alert_states WHERE user_id = ?");
  q.Bind(1, user_id);
  return ReadAll<AlertState>(q, [](const Statement& r) {
    return AlertState{r.Int(0), r.Text(1), r.Text(2)};
  });
}

Result<std::vector<AlertState>> Alerts::StatesWithPrefixes(
    Id user_id, const std::vector<std::string>& key_prefixes) {
  if (key_prefixes.empty() || key_prefixes.size() > 4) {
    return MakeError(ErrorCode::kInvalidInput, "one to four key prefixes");
  }
  // substr(...) = ? rather than a key range: a range's upper bound would depend on the
  // database's collation, which PostgreSQL may take from the locale.
  std::string sql = "SELECT user_id, key, state_json FROM alert_states WHERE user_id = ? AND (";
  for (std::size_t i = 0; i < key_prefixes.size(); ++i) {
    sql += i == 0 ? "substr(key, 1, ?) = ?" : " OR substr(key, 1, ?) = ?";
  }
  sql += ")";
  std::lock_guard lock(db_.mutex());
  Statement q(db_, sql);
  q.Bind(1, user_id);
  int n = 2;
  for (const auto& prefix : key_prefixes) {
    q.Bind(n, static_cast<std::int64_t>(prefix.size()));
    q.Bind(n + 1, prefix);
    n += 2;
  }
  return ReadAll<AlertState>(q, [](const Statement& r) {
    return AlertState{r.Int(0), r.Text(1), r.Text(2)};
  });
}

Status Alerts::Commit(const CheckOutcome& outcome) {
  Transaction tx(db_);
  if (!tx.status()) return tx.status();
  if (auto st = Write(outcome); !st) return st;
  return tx.Commit();
}

Status Alerts::Write(const CheckOutcome& outcome) {
  for (const auto& s : outcome.states) {
    Statement q(db_,
                "INSERT INTO alert_states(user_id, key, state_json) VALUES (?,?,?) "
                "ON CONFLICT(user_id, key) DO UPDATE SET state_json = excluded.state_json");
    if (auto st = q.Bind(1, outcome.user_id).Bind(2, s.key).Bind(3, s.state_json).Run(); !st)
      return st;
  }
  // The messages first: each alert records the id of the one that announces it.
  std::vector<Id> message_ids;
  message_ids.reserve(outcome.messages.size());
  for (const auto& m : outcome.messages) {
    Statement q(db_,
                "INSERT INTO outbox(user_id, chat_id, text, silent, next_attempt_at, created_at, "
                "reply_markup, level, kind) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id");
    q.Bind(1, outcome.user_id)
        .Bind(2, m.chat_id)
        .Bind(3, m.text)
        .Bind(4, m.silent)
        .Bind(5, m.next_attempt_at)
        .Bind(6, m.created_at)
        .Bind(7, m.reply_markup)
        .Bind(8, m.level)
        .Bind(9, m.kind);
    auto id = ReadAll<Id>(q, [](const Statement& r) { return r.Int(0); });
    if (!id) return id.error();
    if (id->size() != 1) return MakeError(ErrorCode::kInternal, "outbox insert returned no id");
    message_ids.push_back(id->front());
  }
  for (const auto& a : outcome.alerts) {
    const int index = a.message == AlertRecord::kFirstMessage ? 0 : a.message;
    const Id outbox_id =
        index >= 0 && static_cast<std::size_t>(index) < message_ids.size() ? message_ids[index] : 0;
    Statement q(db_,
                "INSERT INTO alerts(user_id, position_key, signal, level, summary, created_at, "
                "event, mark_price, liquidation_price, liquidation_estimated, distance, leverage, "
                "roe, outbox_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    q.Bind(1, outcome.user_id)
        .Bind(2, a.position_key)
        .Bind(3, a.signal)
        .Bind(4, a.level)
        .Bind(5, a.summary)
        .Bind(6, a.created_at)
        .Bind(14, outbox_id);
    if (a.figures) {
      const AlertFigures& f = *a.figures;
      q.Bind(7, f.event)
          .Bind(8, f.mark_price)
          .Bind(9, f.liquidation_price)
          .Bind(10, f.liquidation_estimated)
          .Bind(11, f.distance)
          .Bind(12, f.leverage)
          .Bind(13, f.roe);
    } else {
      q.Bind(7, "").BindNull(8).BindNull(9).Bind(10, false).BindNull(11).BindNull(12).BindNull(13);
    }
    if (auto st = q.Run(); !st) return st;
  }
  return {};
}

namespace {

AlertDelivery DeliveryOf(const Statement& r, int outbox_id, int status, int silent) {
  if (r.IsNull(outbox_id)) return AlertDelivery::kUnknown;
  if (r.Int(outbox_id) == 0) return AlertDelivery::kNotSent;
  if (r.IsNull(status)) return AlertDelivery::kUnknown;  // the message is gone
  switch (StatusFrom(r.Text(status))) {
    case OutboxStatus::kSent:
      return r.Int(silent) != 0 ? AlertDelivery::kSentSilently : AlertDelivery::kSent;
    case OutboxStatus::kFailed:
      return AlertDelivery::kFailed;
    case OutboxStatus::kPending:
      break;
  }
  return AlertDelivery::kPending;
}

}  // namespace

Result<std::vector<AlertRecord>> Alerts::History(Id user_id, int limit) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_,
              "SELECT a.id, a.user_id, a.position_key, a.signal, a.level, a.summary, a.created_at, "
              "a.event, a.mark_price, a.liquidation_price, a.liquidation_estimated, a.distance, "
              "a.leverage, a.roe, a.outbox_id, o.status, o.silent FROM alerts a "
              "LEFT JOIN outbox o ON o.id = a.outbox_id "
              "WHERE a.user_id = ? ORDER BY a.created_at DESC, a.id DESC LIMIT ?");
  q.Bind(1, user_id).Bind(2, limit);
  return ReadAll<AlertRecord>(q, [](const Statement& r) {
    AlertRecord a{r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Int(6)};
    if (!r.IsNull(8)) {
      a.figures = AlertFigures{r.Text(7),
                               r.Double(8),
                               r.OptDouble(9),
                               r.Int(10) != 0,
                               r.OptDouble(11),
                               r.OptDouble(12).value_or(0),
                               r.OptDouble(13).value_or(0)};
    }
    a.delivery = DeliveryOf(r, 14, 15, 16);
    return a;
  });
}

Result<std::vector<OutboxMessage>> Outbox::ClaimPending(const std::string& owner, std::int64_t now,
                                                        int limit, std::int64_t lease_ms) {
  Transaction tx(db_);
  if (!tx.status()) return tx.status().error();
  Statement q(db_,
              "UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id IN ("
              "SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? AND "
              "lease_until <= ? ORDER BY level DESC, id LIMIT ?" +
                  std::string(db_.SkipLocked()) + ") RETURNING " + std::string(kOutboxColumns));
  q.Bind(1, owner).Bind(2, now + lease_ms).Bind(3, now).Bind(4, now).Bind(5, limit);
  auto rows = ReadAll<OutboxMessage>(q, ReadOutbox);
  if (!rows) return rows.error();
  if (auto st = tx.Commit(); !st) return st.error();
  // Higher levels first (the sender's priority lanes), oldest first within a level.
  std::sort(rows->begin(), rows->end(), [](const auto& a, const auto& b) {
    return a.level != b.level ? a.level > b.level : a.id < b.id;
  });
  return rows;
}

Result<std::vector<OutboxMessage>> Outbox::ClaimForDigest(const std::string& owner,
                                                          std::int64_t chat_id, int below_level,
                                                          std::int64_t now, int limit,
                                                          std::int64_t lease_ms) {
  Transaction tx(db_);
  if (!tx.status()) return tx.status().error();
  Statement q(db_,
              "UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id IN ("
              "SELECT id FROM outbox WHERE chat_id = ? AND status = 'pending' AND level < ? AND "
              "lease_until <= ? ORDER BY id LIMIT ?" +
                  std::string(db_.SkipLocked()) + ") RETURNING " + std::string(kOutboxColumns));
  q.Bind(1, owner)
      .Bind(2, now + lease_ms)
      .Bind(3, chat_id)
      .Bind(4, below_level)
      .Bind(5, now)
      .Bind(6, limit);
  auto rows = ReadAll<OutboxMessage>(q, ReadOutbox);
  if (!rows) return rows.error();
  if (auto st = tx.Commit(); !st) return st.error();
  std::sort(rows->begin(), rows->end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return rows;
}

Status Outbox::MarkSent(Id id, std::int64_t sent_at) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_,
              "UPDATE outbox SET status = 'sent', sent_at = ?, lease_owner = '', lease_until = 0 "
              "WHERE id = ?");
  return ExpectChange(db_, q.Bind(1, sent_at).Bind(2, id).Run());
}

Status Outbox::Reschedule(Id id, std::int64_t next_attempt_at, const std::string& error) {
  std::lock_guard lock(db_.mutex());
  Statement q(
      db_,
      "UPDATE outbox SET next_attempt_at = ?, last_error = ?, lease_owner = '', lease_until = 0, "
      "attempts = attempts + ? WHERE id = ? AND status = 'pending'");
  // A deferral for pacing (empty error) is not an attempt; a failed send is.
  q.Bind(1, next_attempt_at).Bind(2, error).Bind(3, error.empty() ? 0 : 1).Bind(4, id);
  return ExpectChange(db_, q.Run());
}

Status Outbox::MarkFailed(Id id, const std::string& error) {
  std::lock_guard lock(db_.mutex());
  Statement q(
      db_,
      "UPDATE outbox SET status = 'failed', last_error = ?, lease_owner = '', lease_until = 0 "
      "WHERE id = ?");
  return ExpectChange(db_, q.Bind(1, error).Bind(2, id).Run());
}

Result<std::vector<OutboxMessage>> Outbox::ListForUser(Id user_id) {
  std::lock_guard lock(db_.mutex());
  Statement q(
      db_, "SELECT " + std::string(kOutboxColumns) + " FROM outbox WHERE user_id = ? ORDER BY id");
  q.Bind(1, user_id);
  return ReadAll<OutboxMessage>(q, ReadOutbox);
}

Result<std::vector<std::string>> Outbox::LeaseOwners(std::int64_t now) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_,
              "SELECT DISTINCT lease_owner FROM outbox WHERE lease_until > ? AND lease_owner <> '' "
              "ORDER BY lease_owner");
  q.Bind(1, now);
  return ReadAll<std::string>(q, [](const Statement& r) { return r.Text(0); });
}

Result<int> Outbox::ReleaseLeases(const std::string& owner) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "UPDATE outbox SET lease_owner = '', lease_until = 0 WHERE lease_owner = ?");
  if (auto st = q.Bind(1, owner).Run(); !st) return st.error();
  return static_cast<int>(db_.Changes());
}

}  // namespace baro::store::sql
