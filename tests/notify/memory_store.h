// In-memory TelegramRepository, OutboxRepository and UserRepository for the notify tests: they
// keep the contracts of store/store.h (single-use expiring link tokens, leases, deferrals that do
// not count as attempts) without a database, and count calls so tests can see what was stored.
#pragma once

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include "store/store.h"

namespace baro::notify::memory {

class MemoryTelegram final : public store::TelegramRepository {
 public:
  struct Token {
    store::Id user_id;
    std::int64_t expires_at;
    bool used;
  };

  Status CreateLinkToken(store::Id user_id, const std::string& token_hash,
                         std::int64_t expires_at) override {
    std::lock_guard lock(mu_);
    tokens[token_hash] = {user_id, expires_at, false};
    return {};
  }
  Result<store::Id> ConsumeLinkToken(const std::string& token_hash, std::int64_t now) override {
    std::lock_guard lock(mu_);
    auto it = tokens.find(token_hash);
    if (it == tokens.end() || it->second.used || it->second.expires_at <= now) {
      return MakeError(ErrorCode::kNotFound, "unknown, used or expired link token");
    }
    it->second.used = true;
    return it->second.user_id;
  }
  Status LinkChat(const store::TelegramChat& chat) override {
    std::lock_guard lock(mu_);
    std::erase_if(chats, [&](const store::TelegramChat& c) {
      return c.user_id == chat.user_id &&
             (c.chat_id == chat.chat_id || (chat.type == "private" && c.type == "private"));
    });
    chats.push_back(chat);
    return {};
  }
  Result<store::TelegramChat> GetChat(store::Id user_id) override {
    std::lock_guard lock(mu_);
    const store::TelegramChat* found = nullptr;
    for (const auto& chat : chats) {
      if (chat.user_id == user_id && (found == nullptr || chat.linked_at >= found->linked_at)) {
        found = &chat;
      }
    }
    if (found == nullptr) return MakeError(ErrorCode::kNotFound, "no chat");
    return *found;
  }
  Result<std::vector<store::TelegramChat>> ListChats(store::Id user_id) override {
    std::lock_guard lock(mu_);
    std::vector<store::TelegramChat> out;
    for (const auto& chat : chats) {
      if (chat.user_id == user_id) out.push_back(chat);
    }
    return out;
  }
  Result<store::TelegramChat> FindChat(std::int64_t chat_id) override {
    std::lock_guard lock(mu_);
    const store::TelegramChat* found = nullptr;
    for (const auto& chat : chats) {
      if (chat.chat_id == chat_id && (found == nullptr || chat.linked_at >= found->linked_at)) {
        found = &chat;
      }
    }
    if (found == nullptr) return MakeError(ErrorCode::kNotFound, "chat not linked");
    return *found;
  }
  Status SetChatActive(std::int64_t chat_id, bool active) override {
    std::lock_guard lock(mu_);
    for (auto& chat : chats) {
      if (chat.chat_id == chat_id) chat.active = active;
    }
    return {};
  }
  Status Unlink(store::Id user_id) override {
    std::lock_guard lock(mu_);
    std::erase_if(chats, [&](const store::TelegramChat& c) { return c.user_id == user_id; });
    return {};
  }
  Status UnlinkChat(store::Id user_id, std::int64_t chat_id) override {
    std::lock_guard lock(mu_);
    const auto erased = std::erase_if(chats, [&](const store::TelegramChat& c) {
      return c.user_id == user_id && c.chat_id == chat_id;
    });
    if (erased == 0) return MakeError(ErrorCode::kNotFound, "chat not linked");
    return {};
  }
  Status MigrateChat(std::int64_t from_chat_id, std::int64_t to_chat_id) override {
    std::lock_guard lock(mu_);
    std::set<store::Id> linked_to_new;
    for (const auto& c : chats) {
      if (c.chat_id == to_chat_id) linked_to_new.insert(c.user_id);
    }
    std::erase_if(chats, [&](const store::TelegramChat& c) {
      return c.chat_id == from_chat_id && linked_to_new.count(c.user_id);
    });
    for (auto& c : chats) {
      if (c.chat_id != from_chat_id) continue;
      c.chat_id = to_chat_id;
      c.type = "supergroup";
    }
    return {};
  }
  Result<std::int64_t> GetUpdateOffset() override {
    std::lock_guard lock(mu_);
    return offset;
  }
  Status SetUpdateOffset(std::int64_t value) override {
    std::lock_guard lock(mu_);
    if (fail_offset_writes) return MakeError(ErrorCode::kUnavailable, "database is down");
    offset = value;
    ++offset_writes;
    return {};
  }

  std::map<std::string, Token> tokens;     // by hash
  std::vector<store::TelegramChat> chats;  // in link order
  std::int64_t offset = 0;
  int offset_writes = 0;
  bool fail_offset_writes = false;

 private:
  std::mutex mu_;
};

class MemoryOutbox final : public store::OutboxRepository {
 public:
  store::Id Add(std::int64_t chat_id, const std::string& text, std::int64_t now = 0,
                bool silent = false, int level = 0) {
    std::lock_guard lock(mu_);
    store::OutboxMessage m;
    m.level = level;
    m.id = next_id_++;
    m.user_id = 1;
    m.chat_id = chat_id;
    m.text = text;
    m.silent = silent;
    m.next_attempt_at = now;
    m.created_at = now;
    rows[m.id] = m;
    return m.id;
  }
  Result<std::vector<store::OutboxMessage>> ClaimPending(const std::string& owner, std::int64_t now,
                                                         int limit,
                                                         std::int64_t lease_ms) override {
    std::lock_guard lock(mu_);
    std::vector<store::OutboxMessage> out;
    for (auto& [id, m] : rows) {  // oldest (lowest id) first
      if (static_cast<int>(out.size()) >= limit) break;
      if (m.status != store::OutboxStatus::kPending || m.next_attempt_at > now ||
          m.lease_until > now) {
        continue;
      }
      m.lease_owner = owner;
      m.lease_until = now + lease_ms;
      out.push_back(m);
    }
    return out;
  }
  Result<std::vector<store::OutboxMessage>> ClaimForDigest(const std::string& owner,
                                                           std::int64_t chat_id, int below_level,
                                                           std::int64_t now, int limit,
                                                           std::int64_t lease_ms) override {
    std::lock_guard lock(mu_);
    std::vector<store::OutboxMessage> out;
    for (auto& [id, m] : rows) {
      if (static_cast<int>(out.size()) >= limit) break;
      if (m.chat_id != chat_id || m.status != store::OutboxStatus::kPending ||
          m.level >= below_level || m.lease_until > now) {
        continue;
      }
      m.lease_owner = owner;
      m.lease_until = now + lease_ms;
      out.push_back(m);
    }
    return out;
  }
  Status MarkSent(store::Id id, std::int64_t sent_at) override {
    std::lock_guard lock(mu_);
    auto& m = rows.at(id);
    m.status = store::OutboxStatus::kSent;
    m.sent_at = sent_at;
    m.lease_owner.clear();
    m.lease_until = 0;
    ++mark_sent_calls[id];
    return {};
  }
  Status Reschedule(store::Id id, std::int64_t next_attempt_at, const std::string& error) override {
    std::lock_guard lock(mu_);
    auto& m = rows.at(id);
    if (m.status != store::OutboxStatus::kPending) return MakeError(ErrorCode::kNotFound, "done");
    m.next_attempt_at = next_attempt_at;
    m.last_error = error;
    m.lease_owner.clear();
    m.lease_until = 0;
    if (!error.empty()) ++m.attempts;
    return {};
  }
  Status MarkFailed(store::Id id, const std::string& error) override {
    std::lock_guard lock(mu_);
    auto& m = rows.at(id);
    m.status = store::OutboxStatus::kFailed;
    m.last_error = error;
    m.lease_owner.clear();
    m.lease_until = 0;
    return {};
  }
  Result<std::vector<store::OutboxMessage>> ListForUser(store::Id user_id) override {
    std::lock_guard lock(mu_);
    std::vector<store::OutboxMessage> out;
    for (const auto& [id, m] : rows) {
      if (m.user_id == user_id) out.push_back(m);
    }
    return out;
  }
  Result<std::vector<std::string>> LeaseOwners(std::int64_t now) override {
    std::lock_guard lock(mu_);
    std::set<std::string> owners;
    for (const auto& [id, m] : rows) {
      if (m.lease_until > now && !m.lease_owner.empty()) owners.insert(m.lease_owner);
    }
    return std::vector<std::string>(owners.begin(), owners.end());
  }
  Result<int> ReleaseLeases(const std::string& owner) override {
    std::lock_guard lock(mu_);
    int n = 0;
    for (auto& [id, m] : rows) {
      if (m.lease_owner != owner) continue;
      m.lease_owner.clear();
      m.lease_until = 0;
      ++n;
    }
    return n;
  }
  store::OutboxMessage Get(store::Id id) {
    std::lock_guard lock(mu_);
    return rows.at(id);
  }

  std::map<store::Id, store::OutboxMessage> rows;
  std::map<store::Id, int> mark_sent_calls;

 private:
  std::mutex mu_;
  store::Id next_id_ = 1;
};

class MemoryUsers final : public store::UserRepository {
 public:
  Result<store::User> Create(const std::string& email, const std::string& password_hash,
                             std::int64_t now) override {
    store::User u;
    u.id = static_cast<store::Id>(users.size()) + 1;
    u.email = email;
    u.password_hash = password_hash;
    u.created_at = now;
    users[u.id] = u;
    return u;
  }
  Result<store::User> Get(store::Id id) override {
    auto it = users.find(id);
    if (it == users.end()) return MakeError(ErrorCode::kNotFound, "no user");
    return it->second;
  }
  Result<store::User> FindByEmail(const std::string& email) override {
    for (const auto& [id, u] : users) {
      if (u.email == email) return u;
    }
    return MakeError(ErrorCode::kNotFound, "no user");
  }
  Result<std::vector<store::User>> List() override {
    std::vector<store::User> out;
    for (const auto& [id, u] : users) out.push_back(u);
    return out;
  }
  Status SetPlan(store::Id id, store::Plan plan) override {
    users.at(id).plan = plan;
    return {};
  }
  Status UpdateSettings(const store::User& user) override {
    users.at(user.id) = user;
    return {};
  }

  std::map<store::Id, store::User> users;
};

}  // namespace baro::notify::memory
