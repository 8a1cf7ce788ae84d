// The PostgreSQL schema as numbered migrations, applied in order inside transactions and recorded
// in schema_migrations, like SQLite's. Never edit a published migration: add the next one. Run
// `baro migrate` once before starting the processes that share the database.
#pragma once

#include <span>
#include <string_view>

#include "store/sql/repositories.h"

namespace baro::store::postgres {

std::span<const sql::Migration> Migrations();
inline constexpr std::string_view kMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
    "applied_at BIGINT NOT NULL DEFAULT (extract(epoch from now())::bigint))";

}  // namespace baro::store::postgres
