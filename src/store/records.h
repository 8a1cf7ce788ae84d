// The rows Baro keeps, as plain structs shared by every storage back-end. Times are milliseconds
// since the Unix epoch. Secrets never appear here in plain: connection key fields hold sealed
// ciphertext.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/position.h"
#include "core/venue.h"

namespace baro::store {

using Id = std::int64_t;

enum class Plan { kFree, kPremium };
std::string_view ToString(Plan plan);
std::optional<Plan> PlanFromString(std::string_view s);

struct User {
  Id id = 0;
  std::string email;
  std::string password_hash;  // argon2id encoded string
  Plan plan = Plan::kFree;
  std::string locale = "en";
  std::string time_zone = "UTC";          // IANA name
  std::optional<int> quiet_start_minute;  // minutes after local midnight; both set = quiet hours on
  std::optional<int> quiet_end_minute;
  std::string thresholds_json;  // user-level risk threshold overrides ("" = defaults)
  std::int64_t created_at = 0;
};

struct Session {
  std::string token_hash;  // SHA-256 of the cookie value; the cookie itself is never stored
  Id user_id = 0;
  std::string csrf_token;
  std::int64_t expires_at = 0;
};

struct TelegramChat {
  Id user_id = 0;
  std::int64_t chat_id = 0;
  std::string username;
  bool active = true;  // false after 403 "bot was blocked by the user", or the bot left a group
  std::int64_t linked_at = 0;
  // The chat's kind as Telegram names it (https://core.telegram.org/bots/api#chat): "private",
  // "group", "supergroup" or "channel"; and a group's title ("" for a private chat).
  std::string type = "private";
  std::string title;
  // The Telegram user who linked the chat (for a private chat, the chat itself): in a group, only
  // they may change settings through the bot; 0 when not known (links made before it).
  std::int64_t linked_by = 0;
};

enum class KeyVerdict { kNone, kAccepted, kAcceptedWithWarning, kUnverified };

struct Connection {
  Id id = 0;
  Id user_id = 0;
  Venue venue = Venue::kHyperliquid;
  std::string label;
  std::string wallet_address;  // HyperLiquid
  std::string sealed_api_key;  // sealed ciphertext (base64), empty for HyperLiquid
  std::string sealed_api_secret;
  std::string sealed_passphrase;
  // How many times the key was stored: 0 before the first, one more with each replacement. The
  // sealed fields are bound to it (vault/secret_context.h), so an earlier sealed key copied back
  // into the row does not open.
  std::int64_t key_generation = 0;
  std::string key_fingerprint;  // a short non-secret hint shown to the user, e.g. "…a1b2"
  KeyVerdict verdict = KeyVerdict::kNone;
  std::string verdict_detail;  // i18n key / detail of warnings at connect time
  bool ip_restricted = false;
  std::string thresholds_json;          // connection-level overrides
  std::int64_t thresholds_version = 0;  // one more with each SetThresholds
  // Health, kept by the worker.
  std::int64_t last_checked_at = 0;
  std::int64_t last_success_at = 0;
  int consecutive_failures = 0;
  std::string last_error;  // ErrorCode name, never a secret
  bool needs_attention = false;
  bool attention_notified = false;
  std::int64_t created_at = 0;
};

struct ManualPosition {
  Id id = 0;
  Id user_id = 0;
  Venue venue = Venue::kBinance;
  std::string symbol;  // venue symbol, e.g. "BTCUSDT" or "BTC" for HyperLiquid
  Side side = Side::kLong;
  double entry_price = 0;
  double size = 0;  // base units
  double leverage = 1;
  MarginMode margin_mode = MarginMode::kIsolated;
  std::optional<double> margin;
  std::string thresholds_json;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// A unit of scheduled work: one connection, or one user's hand-entered positions.
struct Monitor {
  Id id = 0;
  Id user_id = 0;
  std::optional<Id> connection_id;  // empty: the user's hand-entered positions
  std::int64_t next_due_at = 0;
  std::string lease_owner;
  std::int64_t lease_until = 0;
};

// The latest positions seen for a monitor, with their risk figures, for the API and the page.
struct PositionSnapshot {
  Id monitor_id = 0;
  Id user_id = 0;
  std::optional<Id> connection_id;
  std::optional<Id> manual_position_id;
  std::string position_key;  // stable per position: "c12:BTCUSDT:long" / "m7"
  Position position;
  bool liquidation_estimated = false;
  // The maintenance rates behind the figures are a stand-in (risk::PositionRisk::tiers_estimated).
  bool rates_estimated = false;
  double distance_to_liquidation = 0;  // fraction of mark; <0 when unknown
  std::string level;                   // worst risk level name
  std::int64_t observed_at = 0;
};

struct HistoryPoint {
  std::string position_key;
  std::int64_t at = 0;
  double distance_to_liquidation = 0;
  double mark_price = 0;
};

struct AlertState {
  Id user_id = 0;
  std::string key;         // position key + signal
  std::string state_json;  // the risk policy's serialized state
};

// What a position showed when an alert about it was raised, for the alert history (schema version
// 5), which words it in the reader's language.
struct AlertFigures {
  std::string event;  // risk::EventKind: "escalated", "repeated" or "recovered"
  double mark_price = 0;
  std::optional<double> liquidation_price;
  bool liquidation_estimated = false;
  std::optional<double> distance;  // to liquidation, a fraction of the mark
  double leverage = 0;             // effective leverage
  double roe = 0;                  // unrealised PnL over the initial margin
};

// How the message that announced an alert fared (the outbox row's state), for the history.
enum class AlertDelivery {
  kUnknown,       // stored before schema version 5
  kNotSent,       // no message: no linked chat, or held back (snoozed, muted)
  kPending,       // waiting in the outbox
  kSent,          // delivered
  kSentSilently,  // delivered without a notification sound (quiet hours)
  kFailed,        // given up on
};
std::string_view ToString(AlertDelivery delivery);

struct AlertRecord {
  // Writing: `message` names the message that announces the alert, an index into
  // CheckOutcome::messages, or one of these.
  static constexpr int kFirstMessage = -1;  // the outcome's first message, none if it has none
  static constexpr int kNoMessage = -2;     // not announced (held back)

  Id id = 0;
  Id user_id = 0;
  std::string position_key;
  std::string signal;
  std::string level;
  std::string summary;  // short plain text, in the user's language when it was raised
  std::int64_t created_at = 0;
  // Empty for alerts about a connection or prices, and for alerts stored before version 5.
  std::optional<AlertFigures> figures;
  int message = kFirstMessage;
  AlertDelivery delivery = AlertDelivery::kUnknown;  // read by AlertRepository::History
};

enum class OutboxStatus { kPending, kSent, kFailed };

struct OutboxMessage {
  Id id = 0;
  Id user_id = 0;
  std::int64_t chat_id = 0;
  std::string text;          // Telegram HTML, <= 4096 characters after parsing
  bool silent = false;       // disable_notification
  std::string reply_markup;  // an InlineKeyboardMarkup as JSON, "" for none
  OutboxStatus status = OutboxStatus::kPending;
  // The highest risk::Level the message carries (3 emergency, 2 critical, 1 warning, 0 other);
  // under the Bot API limits the sender sends higher levels first.
  int level = 0;
  // "reply" for a bot command's reply; "" for an alert's message, which the user's per-event
  // settings may turn off or make silent (notify/event_settings.h).
  std::string kind;
  int attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::int64_t created_at = 0;
  std::int64_t sent_at = 0;
  std::string last_error;
  std::string lease_owner;
  std::int64_t lease_until = 0;
};

}  // namespace baro::store
