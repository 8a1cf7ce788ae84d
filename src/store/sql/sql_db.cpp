#include "store/sql/sql_db.h"

namespace baro::store::sql {

Status Statement::Run() {
  for (;;) {
    auto r = Step();
    if (!r) return r.error();
    if (!*r) break;
  }
  db_.SetChanges(impl_->Changes());
  return {};
}

Transaction::Transaction(Database& db) : db_(db), lock_(db.mutex()) {
  begin_ = db_.Exec(db_.BeginTransaction());
  done_ = !begin_.ok();
}

Transaction::~Transaction() {
  if (!done_) (void)db_.Exec("ROLLBACK");
}

Status Transaction::Commit() {
  done_ = true;
  auto st = db_.Exec("COMMIT");
  if (!st) (void)db_.Exec("ROLLBACK");
  return st;
}

}  // namespace baro::store::sql
