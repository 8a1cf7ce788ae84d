// The subcommands of the baro binary: serve, api, worker, notifier, fetcher, migrate, keys, admin,
// config. Each is registered with CLI11 and runs when parsed.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "config/config.h"
#include "core/result.h"

namespace baro::app {

struct CommonOptions {
  std::string config_path;
  std::string data_dir;
  std::string run_as;        // --run-as: switch to this user first (started as root)
  bool create_keys = false;  // fetcher --create-keys: make the local key pair when missing
};

void RegisterCommands(CLI::App& cli, CommonOptions& common, int& exit_code);

// Loads the configuration the way every subcommand does: defaults, the file, the environment,
// then --data-dir.
Result<config::Config> LoadConfig(const CommonOptions& common);

// Commands, each returning the process exit code.
int RunServe(const CommonOptions& common);
int RunParts(const CommonOptions& common, bool api, bool worker, bool notifier);
int RunFetcher(const CommonOptions& common);
// API, worker and notifier in one process, started by `serve` as root (as serve.api_user).
int RunServeParts(const CommonOptions& common);
int RunMigrate(const CommonOptions& common);
int RunKeysInit(const CommonOptions& common);
int RunKeysRotate(const CommonOptions& common);
int RunAdminCreateUser(const CommonOptions& common, const std::string& email, bool premium);
int RunAdminSetPlan(const CommonOptions& common, const std::string& email, const std::string& plan);
int RunAdminListUsers(const CommonOptions& common);

}  // namespace baro::app
