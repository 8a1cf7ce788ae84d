// The SQLite schema as numbered migrations. Each runs once, in order, inside a transaction, and is
// recorded in schema_migrations. Never edit a published migration: add the next one.
#pragma once

#include <span>
#include <string_view>

namespace baro::store::sqlite {

struct Migration {
  int version;
  std::string_view sql;
};

std::span<const Migration> Migrations();

}  // namespace baro::store::sqlite
