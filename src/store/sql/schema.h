// The schema, written once as numbered migrations in which the few types that differ between the
// back-ends are placeholders, and each back-end's spelling of them. Migrations run once, in order,
// inside a transaction, recorded in schema_migrations. Never edit a published migration: add the
// next one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace baro::store::sql {

struct ColumnTypes {
  std::string_view id;       // generated 64-bit primary key
  std::string_view integer;  // 64-bit integer
  std::string_view real;     // double
};

inline constexpr ColumnTypes kSqliteTypes{"INTEGER PRIMARY KEY", "INTEGER", "REAL"};
inline constexpr ColumnTypes kPostgresTypes{"BIGSERIAL PRIMARY KEY", "BIGINT", "DOUBLE PRECISION"};

struct OwnedMigration {
  int version;
  std::string sql;
};

std::vector<OwnedMigration> SchemaFor(const ColumnTypes& types);

}  // namespace baro::store::sql
