// Connections, hand-entered positions and monitors.
#include <sodium.h>

#include "store/sql/repositories.h"

namespace baro::store::sql {
namespace {

constexpr std::string_view kConnColumns =
    "id, user_id, venue, label, wallet_address, sealed_api_key, sealed_api_secret, "
    "sealed_passphrase, key_fingerprint, verdict, verdict_detail, ip_restricted, thresholds_json, "
    "last_checked_at, last_success_at, consecutive_failures, last_error, needs_attention, "
    "attention_notified, created_at, key_generation, thresholds_version";

std::string_view VerdictName(KeyVerdict v) {
  switch (v) {
    case KeyVerdict::kAccepted:
      return "accepted";
    case KeyVerdict::kAcceptedWithWarning:
      return "accepted_with_warning";
    case KeyVerdict::kUnverified:
      return "unverified";
    case KeyVerdict::kNone:
      return "none";
  }
  return "none";
}

KeyVerdict VerdictFrom(std::string_view s) {
  if (s == "accepted") return KeyVerdict::kAccepted;
  if (s == "accepted_with_warning") return KeyVerdict::kAcceptedWithWarning;
  if (s == "unverified") return KeyVerdict::kUnverified;
  return KeyVerdict::kNone;
}

Connection ReadConnection(const Statement& q) {
  Connection c;
  c.id = q.Int(0);
  c.user_id = q.Int(1);
  c.venue = VenueFromString(q.Text(2)).value_or(Venue::kHyperliquid);
  c.label = q.Text(3);
  c.wallet_address = q.Text(4);
  c.sealed_api_key = q.Text(5);
  c.sealed_api_secret = q.Text(6);
  c.sealed_passphrase = q.Text(7);
  c.key_fingerprint = q.Text(8);
  c.verdict = VerdictFrom(q.Text(9));
  c.verdict_detail = q.Text(10);
  c.ip_restricted = q.Int(11) != 0;
  c.thresholds_json = q.Text(12);
  c.last_checked_at = q.Int(13);
  c.last_success_at = q.Int(14);
  c.consecutive_failures = static_cast<int>(q.Int(15));
  c.last_error = q.Text(16);
  c.needs_attention = q.Int(17) != 0;
  c.attention_notified = q.Int(18) != 0;
  c.created_at = q.Int(19);
  c.key_generation = q.Int(20);
  c.thresholds_version = q.Int(21);
  return c;
}

constexpr std::string_view kManualColumns =
    "id, user_id, venue, symbol, side, entry_price, size, leverage, margin_mode, margin, "
    "thresholds_json, created_at, updated_at";

ManualPosition ReadManual(const Statement& q) {
  ManualPosition p;
  p.id = q.Int(0);
  p.user_id = q.Int(1);
  p.venue = VenueFromString(q.Text(2)).value_or(Venue::kBinance);
  p.symbol = q.Text(3);
  p.side = SideFromString(q.Text(4)).value_or(Side::kLong);
  p.entry_price = q.Double(5);
  p.size = q.Double(6);
  p.leverage = q.Double(7);
  p.margin_mode = MarginModeFromString(q.Text(8)).value_or(MarginMode::kIsolated);
  p.margin = q.OptDouble(9);
  p.thresholds_json = q.Text(10);
  p.created_at = q.Int(11);
  p.updated_at = q.Int(12);
  return p;
}

Monitor ReadMonitor(const Statement& q) {
  Monitor m;
  m.id = q.Int(0);
  m.user_id = q.Int(1);
  if (auto c = q.OptInt(2)) m.connection_id = *c;
  m.next_due_at = q.Int(3);
  m.lease_owner = q.Text(4);
  m.lease_until = q.Int(5);
  return m;
}

}  // namespace

Result<Connection> Connections::Create(const Connection& c, std::int64_t first_due_at) {
  Transaction tx(db_);
  if (!tx.status()) return tx.status().error();
  // A random id, never a reused one: the id is part of the associated data each sealed key is
  // bound to (vault/secret_context.h), and SQLite hands out a deleted row's id again
  // (https://www.sqlite.org/autoinc.html). 53 bits, so that it stays exact in a JavaScript number;
  // a clash (one in 2^53 per existing row) draws again.
  constexpr int kDraws = 8;
  if (sodium_init() < 0) return MakeError(ErrorCode::kInternal, "libsodium failed to start");
  Id id = 0;
  for (int draw = 0; draw < kDraws && id == 0; ++draw) {
    Id candidate = 0;
    randombytes_buf(&candidate, sizeof candidate);
    candidate &= (Id{1} << 53) - 1;
    if (candidate == 0) continue;
    Statement q(db_,
                "INSERT INTO connections(id, user_id, venue, label, wallet_address, "
                "sealed_api_key, sealed_api_secret, sealed_passphrase, key_fingerprint, verdict, "
                "verdict_detail, ip_restricted, thresholds_json, created_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO NOTHING");
    q.Bind(1, candidate)
        .Bind(2, c.user_id)
        .Bind(3, ToString(c.venue))
        .Bind(4, c.label)
        .Bind(5, c.wallet_address)
        .Bind(6, c.sealed_api_key)
        .Bind(7, c.sealed_api_secret)
        .Bind(8, c.sealed_passphrase)
        .Bind(9, c.key_fingerprint)
        .Bind(10, VerdictName(c.verdict))
        .Bind(11, c.verdict_detail)
        .Bind(12, c.ip_restricted)
        .Bind(13, c.thresholds_json)
        .Bind(14, c.created_at);
    if (auto st = q.Run(); !st) return st.error();
    if (db_.Changes() == 1) id = candidate;
  }
  if (id == 0) return MakeError(ErrorCode::kInternal, "no free connection id");
  Statement m(db_, "INSERT INTO monitors(user_id, connection_id, next_due_at) VALUES (?,?,?)");
  if (auto st = m.Bind(1, c.user_id).Bind(2, id).Bind(3, first_due_at).Run(); !st)
    return st.error();
  if (auto st = tx.Commit(); !st) return st.error();
  return GetById(id);
}

Result<std::vector<Connection>> Connections::Query(std::string_view where, Id a, Id b) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "SELECT " + std::string(kConnColumns) + " FROM connections " +
                       std::string(where) + " ORDER BY id");
  if (a != 0) q.Bind(1, a);
  if (b != 0) q.Bind(2, b);
  return ReadAll<Connection>(q, ReadConnection);
}

Result<Connection> Connections::Get(Id user_id, Id id) {
  auto rows = Query("WHERE user_id = ? AND id = ?", user_id, id);
  if (!rows) return rows.error();
  if (rows->empty()) return MakeError(ErrorCode::kNotFound, "no such connection");
  return std::move(rows->front());
}

Result<Connection> Connections::GetById(Id id) {
  auto rows = Query("WHERE id = ?", id, 0);
  if (!rows) return rows.error();
  if (rows->empty()) return MakeError(ErrorCode::kNotFound, "no such connection");
  return std::move(rows->front());
}

Result<std::vector<Connection>> Connections::ListForUser(Id user_id) {
  return Query("WHERE user_id = ?", user_id, 0);
}

Result<std::vector<Connection>> Connections::ListAll() {
  return Query("", 0, 0);
}

Status Connections::Rename(Id user_id, Id id, const std::string& label) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "UPDATE connections SET label = ? WHERE user_id = ? AND id = ?");
  return ExpectChange(db_, q.Bind(1, label).Bind(2, user_id).Bind(3, id).Run());
}

Status Connections::SetThresholds(Id user_id, Id id, const std::string& json) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_,
              "UPDATE connections SET thresholds_json = ?, thresholds_version = "
              "thresholds_version + 1 WHERE user_id = ? AND id = ?");
  return ExpectChange(db_, q.Bind(1, json).Bind(2, user_id).Bind(3, id).Run());
}

Status Connections::UpdateHealth(const Connection& c) {
  std::lock_guard lock(db_.mutex());
  return WriteHealth(c);
}

Status Connections::WriteHealth(const Connection& c) {
  Statement q(
      db_,
      "UPDATE connections SET last_checked_at = ?, last_success_at = ?, "
      "consecutive_failures = ?, last_error = ?, needs_attention = ?, attention_notified = ? "
      "WHERE id = ?");
  q.Bind(1, c.last_checked_at)
      .Bind(2, c.last_success_at)
      .Bind(3, c.consecutive_failures)
      .Bind(4, c.last_error)
      .Bind(5, c.needs_attention)
      .Bind(6, c.attention_notified)
      .Bind(7, c.id);
  return ExpectChange(db_, q.Run());
}

Status Connections::SetVerdict(const Connection& c) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_,
              "UPDATE connections SET verdict = ?, verdict_detail = ?, ip_restricted = ? "
              "WHERE id = ? AND user_id = ?");
  q.Bind(1, VerdictName(c.verdict))
      .Bind(2, c.verdict_detail)
      .Bind(3, c.ip_restricted)
      .Bind(4, c.id)
      .Bind(5, c.user_id);
  return ExpectChange(db_, q.Run());
}

Status Connections::ReplaceSealed(const Connection& c) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_,
              "UPDATE connections SET sealed_api_key = ?, sealed_api_secret = ?, "
              "sealed_passphrase = ?, key_generation = ? WHERE id = ? AND user_id = ? AND "
              "key_generation = ?");
  q.Bind(1, c.sealed_api_key)
      .Bind(2, c.sealed_api_secret)
      .Bind(3, c.sealed_passphrase)
      .Bind(4, c.key_generation)
      .Bind(5, c.id)
      .Bind(6, c.user_id)
      .Bind(7, c.key_generation - 1);
  return ExpectChange(db_, q.Run());
}

Status Connections::RewriteSealed(const Connection& c, const Connection& expected) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_,
              "UPDATE connections SET sealed_api_key = ?, sealed_api_secret = ?, "
              "sealed_passphrase = ? WHERE id = ? AND user_id = ? AND key_generation = ? AND "
              "sealed_api_key = ? AND sealed_api_secret = ? AND sealed_passphrase = ?");
  q.Bind(1, c.sealed_api_key)
      .Bind(2, c.sealed_api_secret)
      .Bind(3, c.sealed_passphrase)
      .Bind(4, expected.id)
      .Bind(5, expected.user_id)
      .Bind(6, expected.key_generation)
      .Bind(7, expected.sealed_api_key)
      .Bind(8, expected.sealed_api_secret)
      .Bind(9, expected.sealed_passphrase);
  return ExpectChange(db_, q.Run());
}

Status Connections::Delete(Id user_id, Id id) {
  Transaction tx(db_);
  if (!tx.status()) return tx.status();
  // Overwrite the sealed fields before deleting, and secure_delete zeroes freed pages: the
  // ciphertext does not linger in the database file.
  Statement wipe(db_,
                 "UPDATE connections SET sealed_api_key = '', sealed_api_secret = '', "
                 "sealed_passphrase = '' WHERE user_id = ? AND id = ?");
  if (auto st = ExpectChange(db_, wipe.Bind(1, user_id).Bind(2, id).Run()); !st) return st;
  Statement snaps(db_, "DELETE FROM position_snapshots WHERE connection_id = ?");
  if (auto st = snaps.Bind(1, id).Run(); !st) return st;
  Statement del(db_, "DELETE FROM connections WHERE user_id = ? AND id = ?");
  if (auto st = del.Bind(1, user_id).Bind(2, id).Run(); !st) return st;
  if (auto st = tx.Commit(); !st) return st;
  // The committed delete is in the write-ahead log, beside older images of the row's pages: move
  // it into the file and empty the log. Whether that succeeded is the caller's question
  // (Store::ScrubDeleted); the row is deleted either way.
  (void)db_.ScrubDeleted();
  return {};
}

Result<ManualPosition> ManualPositions::Create(const ManualPosition& p, std::int64_t first_due_at) {
  Transaction tx(db_);
  if (!tx.status()) return tx.status().error();
  Statement q(
      db_,
      "INSERT INTO manual_positions(user_id, venue, symbol, side, entry_price, size, leverage, "
      "margin_mode, margin, thresholds_json, created_at, updated_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  q.Bind(1, p.user_id)
      .Bind(2, ToString(p.venue))
      .Bind(3, p.symbol)
      .Bind(4, ToString(p.side))
      .Bind(5, p.entry_price)
      .Bind(6, p.size)
      .Bind(7, p.leverage)
      .Bind(8, ToString(p.margin_mode))
      .Bind(9, p.margin)
      .Bind(10, p.thresholds_json)
      .Bind(11, p.created_at)
      .Bind(12, p.updated_at);
  if (auto st = q.Run(); !st) return st.error();
  auto inserted = db_.LastInsertId();
  if (!inserted) return inserted.error();
  const Id id = *inserted;
  // The user's hand-entered monitor, due now so a new position is judged at once.
  Statement m(db_,
              "INSERT INTO monitors(user_id, connection_id, next_due_at) VALUES (?, NULL, ?) "
              "ON CONFLICT (user_id) WHERE connection_id IS NULL DO UPDATE SET next_due_at = "
              "CASE WHEN excluded.next_due_at < monitors.next_due_at THEN excluded.next_due_at "
              "ELSE monitors.next_due_at END");
  if (auto st = m.Bind(1, p.user_id).Bind(2, first_due_at).Run(); !st) return st.error();
  if (auto st = tx.Commit(); !st) return st.error();
  return Get(p.user_id, id);
}

Result<ManualPosition> ManualPositions::Get(Id user_id, Id id) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "SELECT " + std::string(kManualColumns) +
                       " FROM manual_positions WHERE user_id = ? AND id = ?");
  q.Bind(1, user_id).Bind(2, id);
  auto rows = ReadAll<ManualPosition>(q, ReadManual);
  if (!rows) return rows.error();
  if (rows->empty()) return MakeError(ErrorCode::kNotFound, "no such position");
  return std::move(rows->front());
}

Result<std::vector<ManualPosition>> ManualPositions::ListForUser(Id user_id) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "SELECT " + std::string(kManualColumns) +
                       " FROM manual_positions WHERE user_id = ? ORDER BY id");
  q.Bind(1, user_id);
  return ReadAll<ManualPosition>(q, ReadManual);
}

Status ManualPositions::Update(const ManualPosition& p) {
  std::lock_guard lock(db_.mutex());
  Statement q(
      db_,
      "UPDATE manual_positions SET venue = ?, symbol = ?, side = ?, entry_price = ?, size = ?, "
      "leverage = ?, margin_mode = ?, margin = ?, thresholds_json = ?, updated_at = ? "
      "WHERE user_id = ? AND id = ?");
  q.Bind(1, ToString(p.venue))
      .Bind(2, p.symbol)
      .Bind(3, ToString(p.side))
      .Bind(4, p.entry_price)
      .Bind(5, p.size)
      .Bind(6, p.leverage)
      .Bind(7, ToString(p.margin_mode))
      .Bind(8, p.margin)
      .Bind(9, p.thresholds_json)
      .Bind(10, p.updated_at)
      .Bind(11, p.user_id)
      .Bind(12, p.id);
  return ExpectChange(db_, q.Run());
}

Status ManualPositions::Delete(Id user_id, Id id) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "DELETE FROM manual_positions WHERE user_id = ? AND id = ?");
  return ExpectChange(db_, q.Bind(1, user_id).Bind(2, id).Run());
}

Result<std::vector<Monitor>> Monitors::ClaimDue(const std::string& owner, std::int64_t now,
                                                int limit, std::int64_t lease_ms) {
  Transaction tx(db_);
  if (!tx.status()) return tx.status().error();
  Statement q(db_,
              "UPDATE monitors SET lease_owner = ?, lease_until = ? WHERE id IN ("
              "SELECT id FROM monitors WHERE next_due_at <= ? AND lease_until <= ? "
              "ORDER BY next_due_at LIMIT ?" +
                  std::string(db_.SkipLocked()) +
                  ") "
                  "RETURNING id, user_id, connection_id, next_due_at, lease_owner, lease_until");
  q.Bind(1, owner).Bind(2, now + lease_ms).Bind(3, now).Bind(4, now).Bind(5, limit);
  auto rows = ReadAll<Monitor>(q, ReadMonitor);
  if (!rows) return rows.error();
  if (auto st = tx.Commit(); !st) return st.error();
  return rows;
}

Result<Monitor> Monitors::TryLease(Id monitor_id, const std::string& owner, std::int64_t now,
                                   std::int64_t lease_ms) {
  Transaction tx(db_);
  if (!tx.status()) return tx.status().error();
  Statement q(db_,
              "UPDATE monitors SET lease_owner = ?, lease_until = ? WHERE id = ? AND "
              "lease_until <= ? "
              "RETURNING id, user_id, connection_id, next_due_at, lease_owner, lease_until");
  q.Bind(1, owner).Bind(2, now + lease_ms).Bind(3, monitor_id).Bind(4, now);
  auto rows = ReadAll<Monitor>(q, ReadMonitor);
  if (!rows) return rows.error();
  if (rows->empty()) {
    Statement exists(db_, "SELECT 1 FROM monitors WHERE id = ?");
    auto row = exists.Bind(1, monitor_id).Step();
    if (!row) return row.error();
    return *row ? MakeError(ErrorCode::kConflict, "monitor is leased")
                : MakeError(ErrorCode::kNotFound, "no such monitor");
  }
  if (auto st = tx.Commit(); !st) return st.error();
  return rows->front();
}

Status Monitors::Complete(Id monitor_id, const std::string& owner, std::int64_t next_due_at) {
  std::lock_guard lock(db_.mutex());
  return WriteComplete(monitor_id, owner, next_due_at);
}

Status Monitors::WriteComplete(Id monitor_id, const std::string& owner, std::int64_t next_due_at) {
  Statement q(db_,
              "UPDATE monitors SET next_due_at = ?, lease_owner = '', lease_until = 0 "
              "WHERE id = ? AND lease_owner = ?");
  return ExpectChange(db_, q.Bind(1, next_due_at).Bind(2, monitor_id).Bind(3, owner).Run());
}

Result<std::vector<Monitor>> Monitors::ListForUser(Id user_id) {
  std::lock_guard lock(db_.mutex());
  Statement q(
      db_,
      "SELECT id, user_id, connection_id, next_due_at, lease_owner, lease_until FROM monitors "
      "WHERE user_id = ? ORDER BY id");
  q.Bind(1, user_id);
  return ReadAll<Monitor>(q, ReadMonitor);
}

Status Monitors::ScheduleConnection(Id connection_id, std::int64_t due_at) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "UPDATE monitors SET next_due_at = ? WHERE connection_id = ?");
  return ExpectChange(db_, q.Bind(1, due_at).Bind(2, connection_id).Run());
}

Result<std::int64_t> Monitors::NextDueAt() {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "SELECT MIN(next_due_at) FROM monitors");
  auto row = q.Step();
  if (!row) return row.error();
  return q.IsNull(0) ? INT64_MAX : q.Int(0);
}

Result<std::vector<std::string>> Monitors::LeaseOwners(std::int64_t now) {
  std::lock_guard lock(db_.mutex());
  Statement q(
      db_,
      "SELECT DISTINCT lease_owner FROM monitors WHERE lease_until > ? AND lease_owner <> '' "
      "ORDER BY lease_owner");
  q.Bind(1, now);
  return ReadAll<std::string>(q, [](const Statement& r) { return r.Text(0); });
}

Result<int> Monitors::ReleaseLeases(const std::string& owner) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "UPDATE monitors SET lease_owner = '', lease_until = 0 WHERE lease_owner = ?");
  if (auto st = q.Bind(1, owner).Run(); !st) return st.error();
  return static_cast<int>(db_.Changes());
}

}  // namespace baro::store::sql
