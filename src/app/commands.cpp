#include "app/commands.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "core/secret_arena.h"
#include "log/logger.h"

namespace baro::app {

Result<config::Config> LoadConfig(const CommonOptions& common) {
  auto env = config::ProcessEnvironment();
  if (!common.data_dir.empty()) env["BARO_DATA_DIR"] = common.data_dir;
  std::string path = common.config_path;
  if (path.empty()) {
    std::string data_dir =
        env.count("BARO_DATA_DIR") ? env["BARO_DATA_DIR"] : config::Config{}.data_dir;
    std::string candidate = data_dir + "/baro.toml";
    if (std::filesystem::exists(candidate)) path = candidate;
  }
  auto c = config::Load(path, env);
  if (!c) return c.error();
  const std::string& level = c->log_level;
  log::SetLevel(level == "debug"   ? log::Level::kDebug
                : level == "warn"  ? log::Level::kWarn
                : level == "error" ? log::Level::kError
                                   : log::Level::kInfo);
  log::SetScopedSecretCapacity(static_cast<std::size_t>(c->log_max_scoped_secrets));
  SecretArena::Configure(static_cast<std::size_t>(c->locked_arena_kib) * 1024);
  return c;
}

void RegisterCommands(CLI::App& cli, CommonOptions& common, int& exit_code) {
  auto* serve = cli.add_subcommand(
      "serve",
      "Run everything on this machine (API, worker, notifier, and the fetcher as a child process)");
  serve->callback([&] { exit_code = RunServe(common); });

  auto* api = cli.add_subcommand("api", "Run the HTTP API and web page only");
  api->callback([&] { exit_code = RunParts(common, true, false, false); });
  auto* worker = cli.add_subcommand(
      "worker", "Run the position checker only (several may run on several machines)");
  worker->callback([&] { exit_code = RunParts(common, false, true, false); });
  auto* notifier = cli.add_subcommand("notifier", "Run Telegram linking and delivery only");
  notifier->callback([&] { exit_code = RunParts(common, false, false, true); });
  auto* fetcher = cli.add_subcommand(
      "fetcher", "Run the isolated fetcher: the only process that can decrypt exchange keys");
  fetcher->add_flag("--create-keys", common.create_keys,
                    "Make the local key pair first when neither key file exists");
  fetcher->callback([&] { exit_code = RunFetcher(common); });
  // Started by `serve` as root; not for operators.
  auto* serve_parts = cli.add_subcommand("serve-parts", "API, worker and notifier (serve's)");
  serve_parts->group("");
  serve_parts->callback([&] { exit_code = RunServeParts(common); });
  for (auto* role : {api, worker, notifier, fetcher, serve_parts}) {
    role->add_option("--run-as", common.run_as,
                     "Switch to this user before anything else (needs root; nothing is created)");
  }
  auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations and exit");
  migrate->callback([&] { exit_code = RunMigrate(common); });

  auto* keys = cli.add_subcommand("keys", "Key-encryption key commands");
  keys->require_subcommand(1);
  keys->add_subcommand(
          "init",
          "Create the local X25519 key pair (public key for storing, private key for the fetcher)")
      ->callback([&] { exit_code = RunKeysInit(common); });
  keys->add_subcommand("rotate",
                       "Rewrap every stored data key under the current key-encryption key")
      ->callback([&] { exit_code = RunKeysRotate(common); });

  auto* admin = cli.add_subcommand("admin", "Operator commands: users and plans");
  admin->require_subcommand(1);
  static std::string email, plan = "premium";
  static bool premium = false;
  auto* create = admin->add_subcommand("create-user",
                                       "Create a user (the password is read from standard input)");
  create->add_option("--email", email, "Email address")->required();
  create->add_flag("--premium", premium, "Give the user the premium plan");
  create->callback([&] { exit_code = RunAdminCreateUser(common, email, premium); });
  auto* grant = admin->add_subcommand("grant-premium", "Give a user the premium plan");
  grant->add_option("--email", email, "Email address")->required();
  grant->callback([&] { exit_code = RunAdminSetPlan(common, email, "premium"); });
  auto* set_plan = admin->add_subcommand("set-plan", "Set a user's plan (free or premium)");
  set_plan->add_option("--email", email, "Email address")->required();
  set_plan->add_option("--plan", plan, "free or premium")->required();
  set_plan->callback([&] { exit_code = RunAdminSetPlan(common, email, plan); });
  admin->add_subcommand("list-users", "List users and their plans")->callback([&] {
    exit_code = RunAdminListUsers(common);
  });

  auto* cfg = cli.add_subcommand("config", "Show configuration options");
  static bool docs = false, defaults = false;
  cfg->add_flag("--docs", docs, "Print the Markdown table of every option");
  cfg->add_flag("--print-default", defaults,
                "Print a config file with every option at its default");
  cfg->callback([&] {
    if (docs) std::cout << config::OptionsMarkdown();
    if (defaults || !docs) std::cout << config::DefaultFileText();
    exit_code = 0;
  });
}

}  // namespace baro::app
