#include "store/sqlite/migrations.h"

#include <array>

namespace baro::store::sqlite {
namespace {

constexpr std::string_view kV1 = R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  plan TEXT NOT NULL DEFAULT 'free',
  locale TEXT NOT NULL DEFAULT 'en',
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  quiet_start_minute INTEGER,
  quiet_end_minute INTEGER,
  thresholds_json TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE TABLE telegram_link_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE telegram_chats (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  chat_id INTEGER NOT NULL,
  username TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  linked_at INTEGER NOT NULL
);
CREATE INDEX telegram_chats_chat ON telegram_chats(chat_id);
CREATE TABLE service_state (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
CREATE TABLE connections (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  venue TEXT NOT NULL,
  label TEXT NOT NULL,
  wallet_address TEXT NOT NULL DEFAULT '',
  sealed_api_key TEXT NOT NULL DEFAULT '',
  sealed_api_secret TEXT NOT NULL DEFAULT '',
  sealed_passphrase TEXT NOT NULL DEFAULT '',
  key_fingerprint TEXT NOT NULL DEFAULT '',
  verdict TEXT NOT NULL DEFAULT 'none',
  verdict_detail TEXT NOT NULL DEFAULT '',
  ip_restricted INTEGER NOT NULL DEFAULT 0,
  thresholds_json TEXT NOT NULL DEFAULT '',
  last_checked_at INTEGER NOT NULL DEFAULT 0,
  last_success_at INTEGER NOT NULL DEFAULT 0,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  needs_attention INTEGER NOT NULL DEFAULT 0,
  attention_notified INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX connections_user ON connections(user_id);
CREATE TABLE manual_positions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL,
  entry_price REAL NOT NULL,
  size REAL NOT NULL,
  leverage REAL NOT NULL,
  margin_mode TEXT NOT NULL,
  margin REAL,
  thresholds_json TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX manual_positions_user ON manual_positions(user_id);
CREATE TABLE monitors (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  connection_id INTEGER REFERENCES connections(id) ON DELETE CASCADE,
  next_due_at INTEGER NOT NULL,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX monitors_connection ON monitors(connection_id) WHERE connection_id IS NOT NULL;
CREATE UNIQUE INDEX monitors_manual ON monitors(user_id) WHERE connection_id IS NULL;
CREATE INDEX monitors_due ON monitors(next_due_at);
CREATE TABLE position_snapshots (
  monitor_id INTEGER NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  position_key TEXT NOT NULL,
  connection_id INTEGER,
  manual_position_id INTEGER,
  position_json TEXT NOT NULL,
  liquidation_estimated INTEGER NOT NULL,
  distance_to_liquidation REAL NOT NULL,
  level TEXT NOT NULL,
  observed_at INTEGER NOT NULL,
  PRIMARY KEY (monitor_id, position_key)
);
CREATE INDEX position_snapshots_user ON position_snapshots(user_id);
CREATE TABLE position_history (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  position_key TEXT NOT NULL,
  at INTEGER NOT NULL,
  distance_to_liquidation REAL NOT NULL,
  mark_price REAL NOT NULL
);
CREATE INDEX position_history_user_at ON position_history(user_id, at);
CREATE TABLE alert_states (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  state_json TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  position_key TEXT NOT NULL,
  signal TEXT NOT NULL,
  level TEXT NOT NULL,
  summary TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX alerts_user ON alerts(user_id, created_at);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  chat_id INTEGER NOT NULL,
  text TEXT NOT NULL,
  silent INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox(status, next_attempt_at);
)sql";

constexpr std::array kMigrations = {sql::Migration{1, kV1}};

}  // namespace

std::span<const sql::Migration> Migrations() {
  return kMigrations;
}

}  // namespace baro::store::sqlite
