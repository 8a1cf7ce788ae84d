// The repositories of the store, written once against the SQL layer (sql_db.h) and shared by the
// SQLite and PostgreSQL back-ends. Leases are taken inside transactions, with the database's
// row-locking clause, so only one owner can win a row.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "store/sql/sql_db.h"
#include "store/store.h"

namespace baro::store::sql {

// A Store over `db`, its schema (sql/schema.h) in the database's types.
std::unique_ptr<Store> MakeStore(std::unique_ptr<Database> db);

// Repositories, each over the shared Database.
class Users final : public UserRepository {
 public:
  explicit Users(Database& db) : db_(db) {}
  Result<User> Create(const std::string& email, const std::string& hash, std::int64_t now) override;
  Result<User> Get(Id id) override;
  Result<User> FindByEmail(const std::string& email) override;
  Result<std::vector<User>> List() override;
  Status SetPlan(Id id, Plan plan) override;
  Status UpdateSettings(const User& user) override;

 private:
  Database& db_;
};

class Sessions final : public SessionRepository {
 public:
  explicit Sessions(Database& db) : db_(db) {}
  Status Create(const Session& s) override;
  Result<Session> Find(const std::string& token_hash, std::int64_t now) override;
  Status Delete(const std::string& token_hash) override;
  Status DeleteExpired(std::int64_t now) override;

 private:
  Database& db_;
};

class Telegram final : public TelegramRepository {
 public:
  explicit Telegram(Database& db) : db_(db) {}
  Status CreateLinkToken(Id user_id, const std::string& token_hash,
                         std::int64_t expires_at) override;
  Result<Id> ConsumeLinkToken(const std::string& token_hash, std::int64_t now) override;
  Status LinkChat(const TelegramChat& chat) override;
  Result<TelegramChat> GetChat(Id user_id) override;
  Result<std::vector<TelegramChat>> ListChats(Id user_id) override;
  Status UnlinkChat(Id user_id, std::int64_t chat_id) override;
  Status MigrateChat(std::int64_t from_chat_id, std::int64_t to_chat_id) override;
  Result<TelegramChat> FindChat(std::int64_t chat_id) override;
  Status SetChatActive(std::int64_t chat_id, bool active) override;
  Status Unlink(Id user_id) override;
  Result<std::int64_t> GetUpdateOffset() override;
  Status SetUpdateOffset(std::int64_t offset) override;

 private:
  Database& db_;
};

class Connections final : public ConnectionRepository {
 public:
  explicit Connections(Database& db) : db_(db) {}
  Result<Connection> Create(const Connection& c, std::int64_t first_due_at) override;
  Result<Connection> Get(Id user_id, Id id) override;
  Result<Connection> GetById(Id id) override;
  Result<std::vector<Connection>> ListForUser(Id user_id) override;
  Status Rename(Id user_id, Id id, const std::string& label) override;
  Status SetThresholds(Id user_id, Id id, const std::string& thresholds_json) override;
  Status UpdateHealth(const Connection& c) override;
  Status WriteHealth(const Connection& c);  // UpdateHealth's statement, inside the caller's
                                            // transaction
  Status SetVerdict(const Connection& c) override;
  Status Delete(Id user_id, Id id) override;
  Result<std::vector<Connection>> ListAll() override;
  Status ReplaceSealed(const Connection& c) override;
  Status RewriteSealed(const Connection& updated, const Connection& expected) override;

 private:
  Result<std::vector<Connection>> Query(std::string_view where, Id a, Id b);
  Database& db_;
};

class ManualPositions final : public ManualPositionRepository {
 public:
  explicit ManualPositions(Database& db) : db_(db) {}
  Result<ManualPosition> Create(const ManualPosition& p, std::int64_t first_due_at) override;
  Result<ManualPosition> Get(Id user_id, Id id) override;
  Result<std::vector<ManualPosition>> ListForUser(Id user_id) override;
  Status Update(const ManualPosition& p) override;
  Status Delete(Id user_id, Id id) override;

 private:
  Database& db_;
};

class Monitors final : public MonitorRepository {
 public:
  explicit Monitors(Database& db) : db_(db) {}
  Result<std::vector<Monitor>> ClaimDue(const std::string& owner, std::int64_t now, int limit,
                                        std::int64_t lease_ms) override;
  Result<Monitor> TryLease(Id monitor_id, const std::string& owner, std::int64_t now,
                           std::int64_t lease_ms) override;
  Status Complete(Id monitor_id, const std::string& owner, std::int64_t next_due_at) override;
  // Complete's statement, inside the caller's transaction.
  Status WriteComplete(Id monitor_id, const std::string& owner, std::int64_t next_due_at);
  Result<std::vector<Monitor>> ListForUser(Id user_id) override;
  Result<std::int64_t> NextDueAt() override;
  Status ScheduleConnection(Id connection_id, std::int64_t due_at) override;
  Result<std::vector<std::string>> LeaseOwners(std::int64_t now) override;
  Result<int> ReleaseLeases(const std::string& owner) override;

 private:
  Database& db_;
};

class Snapshots final : public SnapshotRepository {
 public:
  explicit Snapshots(Database& db) : db_(db) {}
  Status Replace(Id monitor_id, const std::vector<PositionSnapshot>& positions,
                 std::int64_t now) override;
  // Replace's statements, inside the caller's transaction.
  Status Write(Id monitor_id, const std::vector<PositionSnapshot>& positions, std::int64_t now);
  Result<std::vector<PositionSnapshot>> ListForUser(Id user_id) override;
  Result<std::vector<HistoryPoint>> History(Id user_id, std::int64_t since) override;
  Status PruneHistory(std::int64_t before) override;

 private:
  Database& db_;
};

class Alerts final : public AlertRepository {
 public:
  explicit Alerts(Database& db) : db_(db) {}
  Result<std::vector<AlertState>> States(Id user_id) override;
  Result<std::vector<AlertState>> StatesWithPrefixes(
      Id user_id, const std::vector<std::string>& key_prefixes) override;
  Status Commit(const CheckOutcome& outcome) override;
  Status Write(
      const CheckOutcome& outcome);  // Commit's statements, inside the caller's transaction
  Result<std::vector<AlertRecord>> History(Id user_id, int limit) override;

 private:
  Database& db_;
};

class Outbox final : public OutboxRepository {
 public:
  explicit Outbox(Database& db) : db_(db) {}
  Result<std::vector<OutboxMessage>> ClaimForDigest(const std::string& owner, std::int64_t chat_id,
                                                    int below_level, std::int64_t now, int limit,
                                                    std::int64_t lease_ms) override;
  Result<std::vector<OutboxMessage>> ClaimPending(const std::string& owner, std::int64_t now,
                                                  int limit, std::int64_t lease_ms) override;
  Status MarkSent(Id id, std::int64_t sent_at) override;
  Status Reschedule(Id id, std::int64_t next_attempt_at, const std::string& error) override;
  Status MarkFailed(Id id, const std::string& error) override;
  Result<std::vector<OutboxMessage>> ListForUser(Id user_id) override;
  Result<std::vector<std::string>> LeaseOwners(std::int64_t now) override;
  Result<int> ReleaseLeases(const std::string& owner) override;

 private:
  Database& db_;
};

}  // namespace baro::store::sql
