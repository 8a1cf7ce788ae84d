// The SQLite schema as numbered migrations. Each runs once, in order, inside a transaction, and is
// recorded in schema_migrations. Never edit a published migration: add the next one.
#pragma once

#include <span>
#include <string_view>

#include "store/sql/repositories.h"

namespace baro::store::sqlite {

std::span<const sql::Migration> Migrations();
// The table that records applied versions.
inline constexpr std::string_view kMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "applied_at INTEGER NOT NULL DEFAULT (strftime('%s','now')))";

}  // namespace baro::store::sqlite
