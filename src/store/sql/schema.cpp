#include "store/sql/schema.h"

#include <array>

namespace baro::store::sql {
namespace {

// Version 1. {id} is a generated 64-bit key, {int} a 64-bit integer (times are milliseconds, flags
// 0/1), {real} a double.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE users (
  id {id},
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  plan TEXT NOT NULL DEFAULT 'free',
  locale TEXT NOT NULL DEFAULT 'en',
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  quiet_start_minute {int},
  quiet_end_minute {int},
  thresholds_json TEXT NOT NULL DEFAULT '',
  created_at {int} NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id {int} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  expires_at {int} NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE TABLE telegram_link_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id {int} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at {int} NOT NULL,
  used {int} NOT NULL DEFAULT 0
);
CREATE TABLE telegram_chats (
  user_id {int} PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  chat_id {int} NOT NULL,
  username TEXT NOT NULL DEFAULT '',
  active {int} NOT NULL DEFAULT 1,
  linked_at {int} NOT NULL
);
CREATE INDEX telegram_chats_chat ON telegram_chats(chat_id);
CREATE TABLE service_state (
  name TEXT PRIMARY KEY,
  value {int} NOT NULL
);
CREATE TABLE connections (
  id {id},
  user_id {int} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  venue TEXT NOT NULL,
  label TEXT NOT NULL,
  wallet_address TEXT NOT NULL DEFAULT '',
  sealed_api_key TEXT NOT NULL DEFAULT '',
  sealed_api_secret TEXT NOT NULL DEFAULT '',
  sealed_passphrase TEXT NOT NULL DEFAULT '',
  key_fingerprint TEXT NOT NULL DEFAULT '',
  verdict TEXT NOT NULL DEFAULT 'none',
  verdict_detail TEXT NOT NULL DEFAULT '',
  ip_restricted {int} NOT NULL DEFAULT 0,
  thresholds_json TEXT NOT NULL DEFAULT '',
  last_checked_at {int} NOT NULL DEFAULT 0,
  last_success_at {int} NOT NULL DEFAULT 0,
  consecutive_failures {int} NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  needs_attention {int} NOT NULL DEFAULT 0,
  attention_notified {int} NOT NULL DEFAULT 0,
  created_at {int} NOT NULL
);
CREATE INDEX connections_user ON connections(user_id);
CREATE TABLE manual_positions (
  id {id},
  user_id {int} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL,
  entry_price {real} NOT NULL,
  size {real} NOT NULL,
  leverage {real} NOT NULL,
  margin_mode TEXT NOT NULL,
  margin {real},
  thresholds_json TEXT NOT NULL DEFAULT '',
  created_at {int} NOT NULL,
  updated_at {int} NOT NULL
);
CREATE INDEX manual_positions_user ON manual_positions(user_id);
CREATE TABLE monitors (
  id {id},
  user_id {int} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  connection_id {int} REFERENCES connections(id) ON DELETE CASCADE,
  next_due_at {int} NOT NULL,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until {int} NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX monitors_connection ON monitors(connection_id) WHERE connection_id IS NOT NULL;
CREATE UNIQUE INDEX monitors_manual ON monitors(user_id) WHERE connection_id IS NULL;
CREATE INDEX monitors_due ON monitors(next_due_at);
CREATE TABLE position_snapshots (
  monitor_id {int} NOT NULL REFERENCES monitors(id) ON DELETE CASCADE,
  user_id {int} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  position_key TEXT NOT NULL,
  connection_id {int},
  manual_position_id {int},
  position_json TEXT NOT NULL,
  liquidation_estimated {int} NOT NULL,
  distance_to_liquidation {real} NOT NULL,
  level TEXT NOT NULL,
  observed_at {int} NOT NULL,
  PRIMARY KEY (monitor_id, position_key)
);
CREATE INDEX position_snapshots_user ON position_snapshots(user_id);
CREATE TABLE position_history (
  user_id {int} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  position_key TEXT NOT NULL,
  at {int} NOT NULL,
  distance_to_liquidation {real} NOT NULL,
  mark_price {real} NOT NULL
);
CREATE INDEX position_history_user_at ON position_history(user_id, at);
CREATE TABLE alert_states (
  user_id {int} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  state_json TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE TABLE alerts (
  id {id},
  user_id {int} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  position_key TEXT NOT NULL,
  signal TEXT NOT NULL,
  level TEXT NOT NULL,
  summary TEXT NOT NULL,
  created_at {int} NOT NULL
);
CREATE INDEX alerts_user ON alerts(user_id, created_at);
CREATE TABLE outbox (
  id {id},
  user_id {int} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  chat_id {int} NOT NULL,
  text TEXT NOT NULL,
  silent {int} NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts {int} NOT NULL DEFAULT 0,
  next_attempt_at {int} NOT NULL,
  created_at {int} NOT NULL,
  sent_at {int} NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until {int} NOT NULL DEFAULT 0
);
CREATE INDEX outbox_pending ON outbox(status, next_attempt_at);
)sql";

// Version 2: each connection's key generation, the counter its sealed fields are bound to
// (vault/secret_context.h). Rows stored before it keep 0, the generation their fields were sealed
// for (none in the associated data). And a version of its thresholds_json, one more with each
// write, by which the worker knows when to parse them again (worker/threshold_cache.h).
constexpr std::string_view kV2 = R"sql(
ALTER TABLE connections ADD COLUMN key_generation {int} NOT NULL DEFAULT 0;
ALTER TABLE connections ADD COLUMN thresholds_version {int} NOT NULL DEFAULT 0;
)sql";

// Version 3 (2 is the connections' key generation): an outbox message's inline keyboard, the
// reply_markup JSON sent with it ('' for none; notify/alert_keyboard.h).
constexpr std::string_view kV3 = R"sql(
ALTER TABLE outbox ADD COLUMN reply_markup TEXT NOT NULL DEFAULT '';
)sql";

// Version 4: an outbox message's level, its sender's priority lane (store/records.h
// OutboxMessage::level); messages stored before it keep 0, the lowest.
constexpr std::string_view kV4 = R"sql(
ALTER TABLE outbox ADD COLUMN level {int} NOT NULL DEFAULT 0;
)sql";

// Version 5: what an alert's position showed when it was raised (store/records.h AlertFigures;
// the figures are NULL for alerts about a connection or prices), and the outbox message that
// announced it: NULL for alerts stored before this version (delivery unknown), 0 for none.
constexpr std::string_view kV5 = R"sql(
ALTER TABLE alerts ADD COLUMN event TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN mark_price {real};
ALTER TABLE alerts ADD COLUMN liquidation_price {real};
ALTER TABLE alerts ADD COLUMN liquidation_estimated {int} NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN distance {real};
ALTER TABLE alerts ADD COLUMN leverage {real};
ALTER TABLE alerts ADD COLUMN roe {real};
ALTER TABLE alerts ADD COLUMN outbox_id {int};
)sql";

// Version 6: several Telegram chats per user (a private chat and groups), keyed by user and chat,
// with the chat's type, a group's title and the Telegram user who linked it (https://core.telegram.org/bots/api#chat). The table is
// rebuilt, as neither back-end can change a primary key in place; links made before it are
// private chats. And an index for a digest's look-up of one chat's pending messages
// (notify/outbox_sender.h), and an outbox message's kind ("reply" for a command reply).
constexpr std::string_view kV6 = R"sql(
CREATE TABLE telegram_chat_links (
  user_id {int} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  chat_id {int} NOT NULL,
  username TEXT NOT NULL DEFAULT '',
  active {int} NOT NULL DEFAULT 1,
  linked_at {int} NOT NULL,
  chat_type TEXT NOT NULL DEFAULT 'private',
  title TEXT NOT NULL DEFAULT '',
  linked_by {int} NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, chat_id)
);
INSERT INTO telegram_chat_links(user_id, chat_id, username, active, linked_at, linked_by)
  SELECT user_id, chat_id, username, active, linked_at, chat_id FROM telegram_chats;
DROP TABLE telegram_chats;
ALTER TABLE telegram_chat_links RENAME TO telegram_chats;
CREATE INDEX telegram_chats_chat ON telegram_chats(chat_id);
CREATE INDEX outbox_chat_pending ON outbox(chat_id, status);
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT '';
)sql";

constexpr std::array<std::pair<int, std::string_view>, 6> kSchema = {
    {{1, kV1}, {2, kV2}, {3, kV3}, {4, kV4}, {5, kV5}, {6, kV6}}};

std::string Substitute(std::string_view text, const ColumnTypes& types) {
  std::string out;
  out.reserve(text.size() + 256);
  for (std::size_t i = 0; i < text.size();) {
    auto replace = [&](std::string_view token, std::string_view with) {
      if (text.substr(i, token.size()) != token) return false;
      out += with;
      i += token.size();
      return true;
    };
    if (replace("{id}", types.id) || replace("{int}", types.integer) ||
        replace("{real}", types.real)) {
      continue;
    }
    out += text[i++];
  }
  return out;
}

}  // namespace

std::vector<OwnedMigration> SchemaFor(const ColumnTypes& types) {
  std::vector<OwnedMigration> out;
  for (const auto& [version, text] : kSchema) out.push_back({version, Substitute(text, types)});
  return out;
}

}  // namespace baro::store::sql
