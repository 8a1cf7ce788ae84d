#include <memory>

#include "store/sql/repositories.h"

namespace baro::store::sql {
namespace {

class SqlStore final : public Store {
 public:
  explicit SqlStore(std::unique_ptr<Database> db)
      : db_(std::move(db)),
        migrations_(SchemaFor(db_->Types())),
        users_(*db_),
        sessions_(*db_),
        telegram_(*db_),
        connections_(*db_),
        manual_(*db_),
        monitors_(*db_),
        snapshots_(*db_),
        alerts_(*db_),
        outbox_(*db_) {}

  Status Migrate() override {
    std::lock_guard lock(db_->mutex());
    // Another process creating the table at the same moment can make this fail once.
    if (auto st = db_->Exec(db_->MigrationsTable()); !st) {
      if (auto again = db_->Exec(db_->MigrationsTable()); !again) return again;
    }
    for (const auto& m : migrations_) {
      Transaction tx(*db_);
      if (!tx.status()) return tx.status();
      if (!db_->LockMigrations().empty()) {
        if (auto st = db_->Exec(db_->LockMigrations()); !st) return st;
      }
      // Read under the lock: a process that started at the same time may have applied it.
      auto current = SchemaVersion();
      if (!current) return current.error();
      if (m.version <= *current) continue;
      if (auto st = db_->Exec(m.sql); !st) return st;
      Statement record(*db_, "INSERT INTO schema_migrations(version) VALUES (?)");
      if (auto st = record.Bind(1, m.version).Run(); !st) return st;
      if (auto st = tx.Commit(); !st) return st;
    }
    return {};
  }

  Result<int> SchemaVersion() override {
    std::lock_guard lock(db_->mutex());
    Statement q(*db_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    auto row = q.Step();
    if (!row) return row.error();
    return static_cast<int>(q.Int(0));
  }

  UserRepository& users() override { return users_; }
  SessionRepository& sessions() override { return sessions_; }
  TelegramRepository& telegram() override { return telegram_; }
  ConnectionRepository& connections() override { return connections_; }
  ManualPositionRepository& manual_positions() override { return manual_; }
  MonitorRepository& monitors() override { return monitors_; }
  SnapshotRepository& snapshots() override { return snapshots_; }
  AlertRepository& alerts() override { return alerts_; }
  OutboxRepository& outbox() override { return outbox_; }

  Result<bool> ScrubDeleted() override { return db_->ScrubDeleted(); }
  std::unique_lock<SessionLock> HoldSession() override {
    return std::unique_lock<SessionLock>(db_->mutex());
  }

  Status CommitCheck(const CheckCommit& commit) override {
    Transaction tx(*db_);
    if (!tx.status()) return tx.status();
    if (const auto& c = commit.complete) {
      if (auto st = monitors_.WriteComplete(c->monitor_id, c->owner, c->next_due_at); !st)
        return st;
    }
    if (commit.health) {
      if (auto st = connections_.WriteHealth(*commit.health); !st) return st;
    }
    if (auto st = alerts_.Write(commit.outcome); !st) return st;
    if (commit.snapshots_of) {
      auto st = snapshots_.Write(*commit.snapshots_of, commit.snapshots, commit.snapshots_at);
      if (!st) return st;
    }
    return tx.Commit();
  }

  Status Ping() override {
    std::lock_guard lock(db_->mutex());
    Statement q(*db_, "SELECT 1");
    auto row = q.Step();
    if (!row) return row.error();
    return {};
  }

 private:
  std::unique_ptr<Database> db_;
  std::vector<OwnedMigration> migrations_;
  Users users_;
  Sessions sessions_;
  Telegram telegram_;
  Connections connections_;
  ManualPositions manual_;
  Monitors monitors_;
  Snapshots snapshots_;
  Alerts alerts_;
  Outbox outbox_;
};

}  // namespace

std::unique_ptr<Store> MakeStore(std::unique_ptr<Database> db) {
  return std::make_unique<SqlStore>(std::move(db));
}

}  // namespace baro::store::sql
