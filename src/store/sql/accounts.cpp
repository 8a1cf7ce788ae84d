// Users, sessions and Telegram links.
#include "store/sql/repositories.h"

namespace baro::store::sql {
namespace {

constexpr std::string_view kUserColumns =
    "id, email, password_hash, plan, locale, time_zone, quiet_start_minute, quiet_end_minute, "
    "thresholds_json, created_at";

User ReadUser(const Statement& q) {
  User u;
  u.id = q.Int(0);
  u.email = q.Text(1);
  u.password_hash = q.Text(2);
  u.plan = PlanFromString(q.Text(3)).value_or(Plan::kFree);
  u.locale = q.Text(4);
  u.time_zone = q.Text(5);
  if (auto v = q.OptInt(6)) u.quiet_start_minute = static_cast<int>(*v);
  if (auto v = q.OptInt(7)) u.quiet_end_minute = static_cast<int>(*v);
  u.thresholds_json = q.Text(8);
  u.created_at = q.Int(9);
  return u;
}

Result<User> OneUser(Database& db, std::string_view where, auto bind) {
  std::lock_guard lock(db.mutex());
  Statement q(db,
              "SELECT " + std::string(kUserColumns) + " FROM users WHERE " + std::string(where));
  bind(q);
  auto row = q.Step();
  if (!row) return row.error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "no such user");
  return ReadUser(q);
}

}  // namespace

Result<User> Users::Create(const std::string& email, const std::string& hash, std::int64_t now) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "INSERT INTO users(email, password_hash, created_at) VALUES (?, ?, ?)");
  if (auto st = q.Bind(1, email).Bind(2, hash).Bind(3, now).Run(); !st) return st.error();
  auto id = db_.LastInsertId();
  if (!id) return id.error();
  return Get(*id);
}

Result<User> Users::Get(Id id) {
  return OneUser(db_, "id = ?", [&](Statement& q) { q.Bind(1, id); });
}

Result<User> Users::FindByEmail(const std::string& email) {
  return OneUser(db_, "email = ?", [&](Statement& q) { q.Bind(1, email); });
}

Result<std::vector<User>> Users::List() {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "SELECT " + std::string(kUserColumns) + " FROM users ORDER BY id");
  std::vector<User> out;
  for (;;) {
    auto row = q.Step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(ReadUser(q));
  }
  return out;
}

Status Users::SetPlan(Id id, Plan plan) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "UPDATE users SET plan = ? WHERE id = ?");
  return ExpectChange(db_, q.Bind(1, ToString(plan)).Bind(2, id).Run());
}

Status Users::UpdateSettings(const User& u) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_,
              "UPDATE users SET locale = ?, time_zone = ?, quiet_start_minute = ?, "
              "quiet_end_minute = ?, thresholds_json = ? WHERE id = ?");
  q.Bind(1, u.locale).Bind(2, u.time_zone);
  q.Bind(3,
         u.quiet_start_minute ? std::optional<std::int64_t>(*u.quiet_start_minute) : std::nullopt);
  q.Bind(4, u.quiet_end_minute ? std::optional<std::int64_t>(*u.quiet_end_minute) : std::nullopt);
  return ExpectChange(db_, q.Bind(5, u.thresholds_json).Bind(6, u.id).Run());
}

Status Sessions::Create(const Session& s) {
  std::lock_guard lock(db_.mutex());
  Statement q(
      db_, "INSERT INTO sessions(token_hash, user_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)");
  return q.Bind(1, s.token_hash)
      .Bind(2, s.user_id)
      .Bind(3, s.csrf_token)
      .Bind(4, s.expires_at)
      .Run();
}

Result<Session> Sessions::Find(const std::string& token_hash, std::int64_t now) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_,
              "SELECT token_hash, user_id, csrf_token, expires_at FROM sessions "
              "WHERE token_hash = ? AND expires_at > ?");
  q.Bind(1, token_hash).Bind(2, now);
  auto row = q.Step();
  if (!row) return row.error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "no such session");
  return Session{q.Text(0), q.Int(1), q.Text(2), q.Int(3)};
}

Status Sessions::Delete(const std::string& token_hash) {
  std::lock_guard lock(db_.mutex());
  return Statement(db_, "DELETE FROM sessions WHERE token_hash = ?").Bind(1, token_hash).Run();
}

Status Sessions::DeleteExpired(std::int64_t now) {
  std::lock_guard lock(db_.mutex());
  return Statement(db_, "DELETE FROM sessions WHERE expires_at <= ?").Bind(1, now).Run();
}

Status Telegram::CreateLinkToken(Id user_id, const std::string& token_hash,
                                 std::int64_t expires_at) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_,
              "INSERT INTO telegram_link_tokens(token_hash, user_id, expires_at) VALUES (?, ?, ?)");
  return q.Bind(1, token_hash).Bind(2, user_id).Bind(3, expires_at).Run();
}

Result<Id> Telegram::ConsumeLinkToken(const std::string& token_hash, std::int64_t now) {
  Transaction tx(db_);
  if (!tx.status()) return tx.status().error();
  Statement q(db_,
              "UPDATE telegram_link_tokens SET used = 1 WHERE token_hash = ? AND used = 0 AND "
              "expires_at > ? RETURNING user_id");
  q.Bind(1, token_hash).Bind(2, now);
  auto row = q.Step();
  if (!row) return row.error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "unknown, used or expired link token");
  Id user = q.Int(0);
  (void)q.Step();
  if (auto st = tx.Commit(); !st) return st.error();
  return user;
}

namespace {
// Messages still waiting for a chat the user no longer has (all of them when `keep_chat` is 0)
// are dropped, in the caller's transaction: they never reach a chat after an unlink or relink.
Status DropPendingMessages(Database& db, Id user_id, std::int64_t keep_chat, std::string_view why) {
  Statement q(db,
              "UPDATE outbox SET status = 'failed', last_error = ?, lease_owner = '', "
              "lease_until = 0 WHERE user_id = ? AND status = 'pending' AND chat_id <> ?");
  return q.Bind(1, std::string(why)).Bind(2, user_id).Bind(3, keep_chat).Run();
}
// The same for the messages pending for one chat of the user.
Status DropPendingMessagesFor(Database& db, Id user_id, std::int64_t chat_id,
                              std::string_view why) {
  Statement q(db,
              "UPDATE outbox SET status = 'failed', last_error = ?, lease_owner = '', "
              "lease_until = 0 WHERE user_id = ? AND status = 'pending' AND chat_id = ?");
  return q.Bind(1, std::string(why)).Bind(2, user_id).Bind(3, chat_id).Run();
}
}  // namespace

namespace {
constexpr std::string_view kChatColumns =
    "user_id, chat_id, username, active, linked_at, chat_type, title, linked_by";

TelegramChat ReadChat(Statement& q) {
  return TelegramChat{q.Int(0), q.Int(1),  q.Text(2), q.Int(3) != 0,
                      q.Int(4), q.Text(5), q.Text(6), q.Int(7)};
}
}  // namespace

Status Telegram::LinkChat(const TelegramChat& chat) {
  Transaction tx(db_);
  if (!tx.status()) return tx.status();
  // A user has one private chat: another private chat replaces it, with its pending messages.
  if (chat.type == "private") {
    Statement replaced(db_,
                       "SELECT chat_id FROM telegram_chats WHERE user_id = ? AND "
                       "chat_type = 'private' AND chat_id <> ?");
    replaced.Bind(1, chat.user_id).Bind(2, chat.chat_id);
    std::vector<std::int64_t> old;
    for (;;) {
      auto row = replaced.Step();
      if (!row) return row.error();
      if (!*row) break;
      old.push_back(replaced.Int(0));
    }
    for (const std::int64_t chat_id : old) {
      if (auto st = Statement(db_, "DELETE FROM telegram_chats WHERE user_id = ? AND chat_id = ?")
                        .Bind(1, chat.user_id)
                        .Bind(2, chat_id)
                        .Run();
          !st) {
        return st;
      }
      if (auto st = DropPendingMessagesFor(db_, chat.user_id, chat_id, "another chat was linked");
          !st) {
        return st;
      }
    }
  }
  Statement q(db_,
              "INSERT INTO telegram_chats(" + std::string(kChatColumns) +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(user_id, chat_id) DO UPDATE SET "
                  "username = excluded.username, active = excluded.active, "
                  "linked_at = excluded.linked_at, chat_type = excluded.chat_type, "
                  "title = excluded.title, linked_by = excluded.linked_by");
  if (auto st = q.Bind(1, chat.user_id)
                    .Bind(2, chat.chat_id)
                    .Bind(3, chat.username)
                    .Bind(4, chat.active)
                    .Bind(5, chat.linked_at)
                    .Bind(6, chat.type)
                    .Bind(7, chat.title)
                    .Bind(8, chat.linked_by)
                    .Run();
      !st) {
    return st;
  }
  return tx.Commit();
}

Result<TelegramChat> Telegram::GetChat(Id user_id) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "SELECT " + std::string(kChatColumns) +
                       " FROM telegram_chats WHERE user_id = ? ORDER BY linked_at DESC, chat_id "
                       "DESC LIMIT 1");
  q.Bind(1, user_id);
  auto row = q.Step();
  if (!row) return row.error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "no linked chat");
  return ReadChat(q);
}

Result<std::vector<TelegramChat>> Telegram::ListChats(Id user_id) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "SELECT " + std::string(kChatColumns) +
                       " FROM telegram_chats WHERE user_id = ? ORDER BY linked_at, chat_id");
  q.Bind(1, user_id);
  std::vector<TelegramChat> out;
  for (;;) {
    auto row = q.Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(ReadChat(q));
  }
}

Result<TelegramChat> Telegram::FindChat(std::int64_t chat_id) {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "SELECT " + std::string(kChatColumns) +
                       " FROM telegram_chats WHERE chat_id = ? ORDER BY linked_at DESC, user_id "
                       "DESC LIMIT 1");
  q.Bind(1, chat_id);
  auto row = q.Step();
  if (!row) return row.error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "chat not linked");
  return ReadChat(q);
}

Status Telegram::SetChatActive(std::int64_t chat_id, bool active) {
  std::lock_guard lock(db_.mutex());
  return Statement(db_, "UPDATE telegram_chats SET active = ? WHERE chat_id = ?")
      .Bind(1, active)
      .Bind(2, chat_id)
      .Run();
}

Status Telegram::Unlink(Id user_id) {
  Transaction tx(db_);
  if (!tx.status()) return tx.status();
  if (auto st =
          Statement(db_, "DELETE FROM telegram_chats WHERE user_id = ?").Bind(1, user_id).Run();
      !st) {
    return st;
  }
  if (auto st = DropPendingMessages(db_, user_id, 0, "the chat was unlinked"); !st) return st;
  return tx.Commit();
}

Status Telegram::UnlinkChat(Id user_id, std::int64_t chat_id) {
  Transaction tx(db_);
  if (!tx.status()) return tx.status();
  Statement found(db_, "SELECT 1 FROM telegram_chats WHERE user_id = ? AND chat_id = ?");
  found.Bind(1, user_id).Bind(2, chat_id);
  auto row = found.Step();
  if (!row) return row.error();
  if (!*row) return MakeError(ErrorCode::kNotFound, "chat not linked");
  if (auto st = Statement(db_, "DELETE FROM telegram_chats WHERE user_id = ? AND chat_id = ?")
                    .Bind(1, user_id)
                    .Bind(2, chat_id)
                    .Run();
      !st) {
    return st;
  }
  if (auto st = DropPendingMessagesFor(db_, user_id, chat_id, "the chat was unlinked"); !st) {
    return st;
  }
  return tx.Commit();
}

Status Telegram::MigrateChat(std::int64_t from_chat_id, std::int64_t to_chat_id) {
  Transaction tx(db_);
  if (!tx.status()) return tx.status();
  if (auto st = Statement(db_,
                          "DELETE FROM telegram_chats WHERE chat_id = ? AND user_id IN (SELECT "
                          "user_id FROM telegram_chats WHERE chat_id = ?)")
                    .Bind(1, from_chat_id)
                    .Bind(2, to_chat_id)
                    .Run();
      !st) {
    return st;
  }
  if (auto st = Statement(db_,
                          "UPDATE telegram_chats SET chat_id = ?, chat_type = 'supergroup' WHERE "
                          "chat_id = ?")
                    .Bind(1, to_chat_id)
                    .Bind(2, from_chat_id)
                    .Run();
      !st) {
    return st;
  }
  if (auto st =
          Statement(db_, "UPDATE outbox SET chat_id = ? WHERE chat_id = ? AND status = 'pending'")
              .Bind(1, to_chat_id)
              .Bind(2, from_chat_id)
              .Run();
      !st) {
    return st;
  }
  return tx.Commit();
}

Result<std::int64_t> Telegram::GetUpdateOffset() {
  std::lock_guard lock(db_.mutex());
  Statement q(db_, "SELECT value FROM service_state WHERE name = 'telegram_update_offset'");
  auto row = q.Step();
  if (!row) return row.error();
  return *row ? q.Int(0) : 0;
}

Status Telegram::SetUpdateOffset(std::int64_t offset) {
  std::lock_guard lock(db_.mutex());
  return Statement(db_,
                   "INSERT INTO service_state(name, value) VALUES ('telegram_update_offset', ?) "
                   "ON CONFLICT(name) DO UPDATE SET value = excluded.value")
      .Bind(1, offset)
      .Run();
}

}  // namespace baro::store::sql
