// baro: one binary, one subcommand per process role. See `baro --help`.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "app/commands.h"
#include "app/shutdown_signal.h"

int main(int argc, char** argv) {
  baro::app::BlockShutdownSignals();
  CLI::App cli{"Baro watches crypto futures positions, read-only, and alerts on Telegram."};
  cli.require_subcommand(1);
  cli.fallthrough();  // --config and --data-dir may come before or after the subcommand
  baro::app::CommonOptions common;
  cli.add_option("-c,--config", common.config_path,
                 "Config file (TOML); default <data-dir>/baro.toml when it exists")
      ->envname("BARO_CONFIG");
  cli.add_option("-d,--data-dir", common.data_dir, "Data directory")->envname("BARO_DATA_DIR");

  int exit_code = 0;
  baro::app::RegisterCommands(cli, common, exit_code);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  return exit_code;
}
