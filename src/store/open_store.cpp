#include "store/postgres/pg_db.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace baro::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  constexpr std::string_view kSqlite = "sqlite://";
  if (url.rfind(kSqlite, 0) == 0) {
    std::string path = url.substr(kSqlite.size());
    if (path.empty()) return MakeError(ErrorCode::kInvalidInput, "sqlite URL needs a path");
    return sqlite::OpenSqliteStore(path);
  }
  // A libpq connection URI; the password (if it is in the URL) never appears in an error.
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return postgres::OpenPostgresStore(url);
  }
  return MakeError(ErrorCode::kInvalidInput,
                   "database.url must start with sqlite://, postgresql:// or postgres://");
}

}  // namespace baro::store
