// The storage interfaces: one repository per aggregate, and a Store that hands them out. SQLite
// (embedded default) and PostgreSQL (scale-out) implement them with the same repositories
// (store/sql/); every method is safe to call from several threads, and work is handed out with
// leases (see MonitorRepository and OutboxRepository), so several processes on several machines can
// share one PostgreSQL database.
//
// Failures are values: kNotFound for a missing row or one that belongs to another user, kConflict
// for a uniqueness clash, kUnavailable when the database cannot be reached.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/records.h"

namespace baro::store {

// A thread's hold on a database session (BasicLockable, recursive on one thread): while it is held,
// every call the thread makes runs on that one session (store/sql/sql_db.h).
class SessionLock {
 public:
  virtual ~SessionLock() = default;
  virtual void lock() = 0;
  virtual void unlock() = 0;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  virtual Result<User> Create(const std::string& email, const std::string& password_hash,
                              std::int64_t now) = 0;  // kConflict if the email exists
  virtual Result<User> Get(Id id) = 0;
  virtual Result<User> FindByEmail(const std::string& email) = 0;
  virtual Result<std::vector<User>> List() = 0;
  virtual Status SetPlan(Id id, Plan plan) = 0;
  // Saves locale, time zone, quiet hours and thresholds_json.
  virtual Status UpdateSettings(const User& user) = 0;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual Status Create(const Session& session) = 0;
  virtual Result<Session> Find(const std::string& token_hash, std::int64_t now) = 0;  // unexpired
  virtual Status Delete(const std::string& token_hash) = 0;
  virtual Status DeleteExpired(std::int64_t now) = 0;
};

class TelegramRepository {
 public:
  virtual ~TelegramRepository() = default;
  virtual Status CreateLinkToken(Id user_id, const std::string& token_hash,
                                 std::int64_t expires_at) = 0;
  // Marks the token used and returns its user, atomically: a token binds at most once. kNotFound
  // for unknown, used or expired tokens.
  virtual Result<Id> ConsumeLinkToken(const std::string& token_hash, std::int64_t now) = 0;
  // Links a chat to the user. A user has at most one private chat (linking another private chat
  // replaces it and drops the messages still pending for it) and any number of group chats;
  // linking a chat again refreshes it.
  virtual Status LinkChat(const TelegramChat& chat) = 0;
  // The user's chat linked last, active or not; kNotFound if none.
  virtual Result<TelegramChat> GetChat(Id user_id) = 0;
  // Every chat linked to the user, active or not, oldest link first.
  virtual Result<std::vector<TelegramChat>> ListChats(Id user_id) = 0;
  // The account a chat is linked to, for the bot's commands: the latest link when several
  // accounts linked the same chat; kNotFound if none.
  virtual Result<TelegramChat> FindChat(std::int64_t chat_id) = 0;
  virtual Status SetChatActive(std::int64_t chat_id, bool active) = 0;
  virtual Status Unlink(Id user_id) = 0;  // every chat of the user
  // One chat of the user; its pending messages are dropped. kNotFound if it was not linked.
  virtual Status UnlinkChat(Id user_id, std::int64_t chat_id) = 0;
  // A group upgraded to a supergroup (https://core.telegram.org/bots/api#message,
  // migrate_to_chat_id): every link of `from_chat_id` moves to `to_chat_id` as a "supergroup",
  // keeping its user, title, owner (linked_by), active state and link time, and the messages
  // pending for it are addressed to the new id. A user already linked to `to_chat_id` keeps that
  // link and loses the old one. Safe to repeat; no link to move is no error.
  virtual Status MigrateChat(std::int64_t from_chat_id, std::int64_t to_chat_id) = 0;
  // The getUpdates offset, persisted so a restart neither replays nor skips updates.
  virtual Result<std::int64_t> GetUpdateOffset() = 0;
  virtual Status SetUpdateOffset(std::int64_t offset) = 0;
};

class ConnectionRepository {
 public:
  virtual ~ConnectionRepository() = default;
  // Creates the connection and its monitor (due at `first_due_at`) in one transaction.
  virtual Result<Connection> Create(const Connection& connection, std::int64_t first_due_at) = 0;
  virtual Result<Connection> Get(Id user_id, Id id) = 0;
  virtual Result<Connection> GetById(Id id) = 0;  // for workers
  virtual Result<std::vector<Connection>> ListForUser(Id user_id) = 0;
  virtual Status Rename(Id user_id, Id id, const std::string& label) = 0;
  // Also moves the row's thresholds_version on by one.
  virtual Status SetThresholds(Id user_id, Id id, const std::string& thresholds_json) = 0;
  virtual Status UpdateHealth(const Connection& connection) = 0;  // health fields only
  // Records the permission check's outcome: verdict, detail and IP restriction.
  virtual Status SetVerdict(const Connection& connection) = 0;
  // Deletes the row with its sealed key material (crypto-shredding), its monitor and snapshots.
  virtual Status Delete(Id user_id, Id id) = 0;
  // For key rotation: every connection's sealed fields, and a rewrite of them.
  virtual Result<std::vector<Connection>> ListAll() = 0;
  // Stores a new key: `connection`'s sealed fields, sealed for its key_generation, which must be
  // the row's generation plus one (kNotFound otherwise: the row is gone or another replacement
  // came first). The row then holds that generation.
  virtual Status ReplaceSealed(const Connection& connection) = 0;
  // For key rotation: writes `updated`'s sealed fields only if the row still holds `expected`'s
  // (same id, user, key generation and sealed fields); kNotFound if it was deleted or changed
  // meanwhile. The key generation stays as it is.
  virtual Status RewriteSealed(const Connection& updated, const Connection& expected) = 0;
};

class ManualPositionRepository {
 public:
  virtual ~ManualPositionRepository() = default;
  // Creates the position and, if needed, the user's hand-entered monitor (due at first_due_at).
  virtual Result<ManualPosition> Create(const ManualPosition& position,
                                        std::int64_t first_due_at) = 0;
  virtual Result<ManualPosition> Get(Id user_id, Id id) = 0;
  virtual Result<std::vector<ManualPosition>> ListForUser(Id user_id) = 0;
  virtual Status Update(const ManualPosition& position) = 0;  // kNotFound if not the user's
  virtual Status Delete(Id user_id, Id id) = 0;
};

class MonitorRepository {
 public:
  virtual ~MonitorRepository() = default;
  // Leases up to `limit` monitors due at `now` to `owner` until now + lease_ms. A monitor leased to
  // one worker is invisible to the others until the lease ends or is released.
  virtual Result<std::vector<Monitor>> ClaimDue(const std::string& owner, std::int64_t now,
                                                int limit, std::int64_t lease_ms) = 0;
  // Leases one monitor, due or not, to `owner` until now + lease_ms, unless another lease on it
  // is still running (kConflict) or it is gone (kNotFound): a re-assessment between checks
  // (worker/tick_assessor.h) holds the monitor as a check does.
  virtual Result<Monitor> TryLease(Id monitor_id, const std::string& owner, std::int64_t now,
                                   std::int64_t lease_ms) = 0;
  // Ends the lease and schedules the next check.
  virtual Status Complete(Id monitor_id, const std::string& owner, std::int64_t next_due_at) = 0;
  virtual Result<std::vector<Monitor>> ListForUser(Id user_id) = 0;
  virtual Result<std::int64_t> NextDueAt() = 0;  // earliest next_due_at, or INT64_MAX when none
  // Makes a connection's monitor due at `due_at` (e.g. at once, after its key was verified).
  virtual Status ScheduleConnection(Id connection_id, std::int64_t due_at) = 0;
  // The owners of leases still running at `now` (distinct).
  virtual Result<std::vector<std::string>> LeaseOwners(std::int64_t now) = 0;
  // Ends every lease `owner` holds, so its monitors may be claimed at once (a process that died
  // mid-check). Returns how many were released.
  virtual Result<int> ReleaseLeases(const std::string& owner) = 0;
};

class SnapshotRepository {
 public:
  virtual ~SnapshotRepository() = default;
  // Replaces the monitor's current positions and appends one history point per position.
  virtual Status Replace(Id monitor_id, const std::vector<PositionSnapshot>& positions,
                         std::int64_t now) = 0;
  virtual Result<std::vector<PositionSnapshot>> ListForUser(Id user_id) = 0;
  virtual Result<std::vector<HistoryPoint>> History(Id user_id, std::int64_t since) = 0;
  virtual Status PruneHistory(std::int64_t before) = 0;
};

// The outcome of one check of one monitor: new policy states, alert records and the outbox messages
// that announce them. Written in one transaction, so an alert is never recorded without its message
// nor sent without being recorded.
struct CheckOutcome {
  Id user_id = 0;
  std::vector<AlertState> states;
  std::vector<AlertRecord> alerts;
  std::vector<OutboxMessage> messages;
};

// Everything one check of one monitor writes (Store::CommitCheck), in one transaction: the
// connection's health, the policy's states with the alerts and messages they announce, and the
// monitor's position snapshots with a history point each. All of it is written, or none.
struct MonitorCompletion {
  Id monitor_id = 0;
  std::string owner;  // the lease owner that checked it
  std::int64_t next_due_at = 0;
};

struct CheckCommit {
  // When set, the monitor is rescheduled in the same transaction, and only while `owner` still
  // holds its lease: a worker whose lease ran out (another worker has taken the monitor over)
  // writes nothing, so a check is never committed twice.
  std::optional<MonitorCompletion> complete;
  CheckOutcome outcome;
  std::optional<Connection> health;  // health fields only, as ConnectionRepository::UpdateHealth
  std::optional<Id> snapshots_of;    // when set, this monitor's snapshots become `snapshots`
  std::vector<PositionSnapshot> snapshots;
  std::int64_t snapshots_at = 0;  // the history points' time
};

class AlertRepository {
 public:
  virtual ~AlertRepository() = default;
  virtual Result<std::vector<AlertState>> States(Id user_id) = 0;
  // The user's states whose keys start with one of `key_prefixes` (at most four), so a check
  // reads only its own monitor's states, not every state of a user with many connections.
  virtual Result<std::vector<AlertState>> StatesWithPrefixes(
      Id user_id, const std::vector<std::string>& key_prefixes) = 0;
  virtual Status Commit(const CheckOutcome& outcome) = 0;
  virtual Result<std::vector<AlertRecord>> History(Id user_id, int limit) = 0;
};

class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;
  // Leases up to `limit` pending messages whose next_attempt_at <= now, oldest first.
  virtual Result<std::vector<OutboxMessage>> ClaimPending(const std::string& owner,
                                                          std::int64_t now, int limit,
                                                          std::int64_t lease_ms) = 0;
  // Leases, for one digest message to `chat_id`, up to `limit` of that chat's pending messages
  // with a level below `below_level` that no sender holds, due or not (those waiting for the
  // chat's pacing are the ones a digest saves), oldest first.
  virtual Result<std::vector<OutboxMessage>> ClaimForDigest(const std::string& owner,
                                                            std::int64_t chat_id, int below_level,
                                                            std::int64_t now, int limit,
                                                            std::int64_t lease_ms) = 0;
  virtual Status MarkSent(Id id, std::int64_t sent_at) = 0;
  // Puts a message back for later. A non-empty `error` counts as a failed attempt; an empty one is
  // a deferral (pacing, retry_after) and does not.
  virtual Status Reschedule(Id id, std::int64_t next_attempt_at, const std::string& error) = 0;
  virtual Status MarkFailed(Id id, const std::string& error) = 0;
  virtual Result<std::vector<OutboxMessage>> ListForUser(Id user_id) = 0;
  // As MonitorRepository::LeaseOwners and ReleaseLeases, for the outbox.
  virtual Result<std::vector<std::string>> LeaseOwners(std::int64_t now) = 0;
  virtual Result<int> ReleaseLeases(const std::string& owner) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Status Migrate() = 0;  // applies pending versioned migrations
  virtual Result<int> SchemaVersion() = 0;
  virtual UserRepository& users() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual TelegramRepository& telegram() = 0;
  virtual ConnectionRepository& connections() = 0;
  virtual ManualPositionRepository& manual_positions() = 0;
  virtual MonitorRepository& monitors() = 0;
  virtual SnapshotRepository& snapshots() = 0;
  virtual AlertRepository& alerts() = 0;
  virtual OutboxRepository& outbox() = 0;
  virtual Status Ping() = 0;  // for /readyz
  // Writes one check's outcome in one transaction (CheckCommit). kNotFound when the connection
  // or monitor was deleted meanwhile, or the lease was lost; then nothing is written.
  virtual Status CommitCheck(const CheckCommit& commit) = 0;
  // Makes what deleted rows held (a refused key, a deleted connection's sealed key) unreadable in
  // the database's files as far as the back-end can at once. True when nothing of them remains in
  // the files: SQLite, after its write-ahead log was checkpointed and truncated. False where the
  // back-end keeps dead rows until a later vacuum (PostgreSQL; see docs/storage.md).
  virtual Result<bool> ScrubDeleted() = 0;
  // Keeps a database session for the calling thread until the hold ends (or is unlocked), so a
  // few calls in a row take it once instead of queueing for it before each; each call still runs
  // and commits as it would alone. Hold it only around store calls, never across network I/O:
  // with one SQLite connection, every other thread waits meanwhile (docs/storage.md).
  virtual std::unique_lock<SessionLock> HoldSession() = 0;
};

// Opens the store named by a URL: "sqlite:///path/to/baro.db" or "postgresql://user@host/db".
Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace baro::store
