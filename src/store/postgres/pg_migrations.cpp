#include "store/postgres/pg_migrations.h"

#include <array>

namespace baro::store::postgres {
namespace {

// Version 1: the same tables as SQLite's first migration, in PostgreSQL's types (BIGSERIAL keys,
// BIGINT integers and millisecond times, DOUBLE PRECISION prices, flags as 0/1).
constexpr std::string_view kV1 = R"sql(
CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  plan TEXT NOT NULL DEFAULT 'free',
  locale TEXT NOT NULL DEFAULT 'en',
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  quiet_start_minute BIGINT,
  quiet_end_minute BIGINT,
  thresholds_json TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE TABLE telegram_link_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at BIGINT NOT NULL,
  used BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE telegram_chats (
  user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  chat_id BIGINT NOT NULL,
  username TEXT NOT NULL DEFAULT '',
  active BIGINT NOT NULL DEFAULT 1,
  linked_at BIGINT NOT NULL
);
CREATE INDEX telegram_chats_chat ON telegram_chats(chat_id);
CREATE TABLE service_state (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
CREATE TABLE connections (
  id BIGSERIAL PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  venue TEXT NOT NULL,
  label TEXT NOT NULL,
  wallet_address TEXT NOT NULL DEFAULT '',
  sealed_api_key TEXT NOT NULL DEFAULT '',
  sealed_api_secret TEXT NOT NULL DEFAULT '',
  sealed_passphrase TEXT NOT NULL DEFAULT '',
  key_fingerprint TEXT NOT NULL DEFAULT '',
  verdict TEXT NOT NULL DEFAULT 'none',
  verdict_detail TEXT NOT NULL DEFAULT '',
  ip_restricted BIGINT NOT NULL DEFAULT 0,
  thresholds_json TEXT NOT NULL DEFAULT '',
  last_checked_at BIGINT NOT NULL DEFAULT 0,
  last_success_at BIGINT NOT NULL DEFAULT 0,
  consecutive_failures BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  needs_attention BIGINT NOT NULL DEFAULT 0,
  attention_notified BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX connections_user ON connections(user_id);
CREATE TABLE manual_positions (
  id BIGSERIAL PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL,
  entry_price DOUBLE PRECISION NOT NULL,
  size DOUBLE PRECISION NOT NULL,
  leverage DOUBLE PRECISION NOT NULL,
  margin_mode TEXT NOT NULL,
  margin DOUBLE PRECISION,
  thresholds_json TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX manual_positions_user ON manual_positions(user_id);
CREATE TABLE monitors (
  id BIGSERIAL PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  connection_id BIGINT REFERENCES connections(id) ON DELETE CASCADE,
  next_due_at BIGINT NOT NULL,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX monitors_connection ON monitors(connection_id) WHERE connection_id IS NOT NULL;
CREATE UNIQUE INDEX monitors_manual ON monitors(user_id) WHERE connection_id IS NULL;
CREATE INDEX monitors_due ON monitors(next_due_at);
CREATE TABLE position_snapshots (
  monitor_id BIGINT NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  position_key TEXT NOT NULL,
  connection_id BIGINT,
  manual_position_id BIGINT,
  position_json TEXT NOT NULL,
  liquidation_estimated BIGINT NOT NULL,
  distance_to_liquidation DOUBLE PRECISION NOT NULL,
  level TEXT NOT NULL,
  observed_at BIGINT NOT NULL,
  PRIMARY KEY (monitor_id, position_key)
);
CREATE INDEX position_snapshots_user ON position_snapshots(user_id);
CREATE TABLE position_history (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  position_key TEXT NOT NULL,
  at BIGINT NOT NULL,
  distance_to_liquidation DOUBLE PRECISION NOT NULL,
  mark_price DOUBLE PRECISION NOT NULL
);
CREATE INDEX position_history_user_at ON position_history(user_id, at);
CREATE TABLE alert_states (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  state_json TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE TABLE alerts (
  id BIGSERIAL PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  position_key TEXT NOT NULL,
  signal TEXT NOT NULL,
  level TEXT NOT NULL,
  summary TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX alerts_user ON alerts(user_id, created_at);
CREATE TABLE outbox (
  id BIGSERIAL PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  chat_id BIGINT NOT NULL,
  text TEXT NOT NULL,
  silent BIGINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  sent_at BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox(status, next_attempt_at);
)sql";

constexpr std::array kMigrations = {sql::Migration{1, kV1}};

}  // namespace

std::span<const sql::Migration> Migrations() {
  return kMigrations;
}

}  // namespace baro::store::postgres
