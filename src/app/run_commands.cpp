// The long-running subcommands: serve, api/worker/notifier, fetcher, migrate.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

#include "app/child_process.h"
#include "app/commands.h"
#include "app/fetcher_health.h"
#include "app/fetcher_main.h"
#include "app/key_setup.h"
#include "app/process_users.h"
#include "app/runtime.h"
#include "app/serve_split.h"
#include "app/shutdown_signal.h"
#include "fetcher/fetcher_client.h"
#include "log/logger.h"
#include "store/store.h"

namespace baro::app {
namespace {

int Fail(const std::string& what, const Error& e) {
  log::Error(what, {{"error", e.message}});
  std::cerr << "baro: " << what << ": " << log::Redact(e.message) << "\n";
  return 1;
}

// Keeps serve's fetcher child alive: checks it every fetcher.watch_ms and starts a new one when it
// has exited, waiting longer after each failed start (up to fetcher.restart_backoff_max_ms). Reads
// meanwhile fail and connections show "needs attention"; they recover with the new fetcher.
class FetcherSupervisor {
 public:
  FetcherSupervisor(const config::Config& c, ChildProcess& child, std::vector<std::string> argv)
      : config_(c), child_(child), argv_(std::move(argv)), thread_([this] { Run(); }) {}
  ~FetcherSupervisor() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  void Run() {
    std::int64_t backoff = config_.fetcher_watch_ms;
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::milliseconds(backoff), [this] { return stop_; })) {
      if (child_.Running()) {
        backoff = config_.fetcher_watch_ms;
        continue;
      }
      log::Warn("serve.fetcher_exited", {{"restarting_after_ms", std::to_string(backoff)}});
      auto started = child_.Start(argv_, FetcherEnvironment(CurrentEnvironment()));
      if (started) started = WaitForFetcher(config_, child_, std::chrono::seconds(15));
      if (started) {
        log::Info("serve.fetcher_restarted", {{"fetcher_pid", std::to_string(child_.pid())}});
        backoff = config_.fetcher_watch_ms;
      } else {
        log::Error("serve.fetcher_restart_failed", {{"error", started.error().message}});
        backoff = std::min(backoff * 2, config_.fetcher_restart_backoff_max_ms);
      }
    }
  }

  const config::Config& config_;
  ChildProcess& child_;
  std::vector<std::string> argv_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace

int RunServe(const CommonOptions& common) {
  auto c = LoadConfig(common);
  if (!c) return Fail("config", c.error());
  log::SetComponent("serve");
  if (auto st = CheckGcpIdentities(*c); !st) return Fail("vault", st.error());
  if (c->serve_split != "auto" && c->serve_split != "required" && c->serve_split != "off") {
    return Fail("config",
                MakeError(ErrorCode::kInvalidInput, "serve.split must be auto, required or off"));
  }
  SplitStatus split =
      CheckSplit(c->kms, c->kek_private_key_file, c->gcp_decrypter_credentials_file, true);
  if (RunningAsRoot() && c->serve_split != "off") {
    auto users = SplitUsersExist(*c);
    if (users) return RunServeAsRoot(common, *c);
    if (c->serve_split == "required") return Fail("users", users.error());
    split.detail =
        "not enforced: started as root, but " + users.error().message + "; everything runs as root";
  }
  if (auto st = PrepareDataDir(*c, common.config_path); !st) return Fail("data_dir", st.error());
  log::Warn("serve.key_split_not_enforced", {{"detail", split.detail}});
  std::cerr << "baro: key split " << split.detail << "\n";

  ChildProcess fetcher;
  std::vector<std::string> argv = {SelfExecutable(), "--data-dir", c->data_dir};
  if (!common.config_path.empty()) argv.insert(argv.end(), {"--config", common.config_path});
  argv.insert(argv.end(), {"fetcher", "--create-keys"});
  if (auto st = fetcher.Start(argv, FetcherEnvironment(CurrentEnvironment())); !st) {
    return Fail("fetcher", st.error());
  }
  if (auto st = WaitForFetcher(*c, fetcher, std::chrono::seconds(15)); !st) {
    return Fail("fetcher", st.error());
  }

  Runtime runtime(*c);
  if (auto st = runtime.Start({.api = true, .worker = true, .notifier = true, .split = split});
      !st) {
    return Fail("start", st.error());
  }
  std::cout << "Baro is running at " << runtime.PublicUrl() << std::endl;
  log::Info("serve.started",
            {{"url", runtime.PublicUrl()}, {"fetcher_pid", std::to_string(fetcher.pid())}});
  int sig = 0;
  {
    FetcherSupervisor supervisor(*c, fetcher, argv);
    sig = WaitForShutdownSignal();
  }
  log::Info("serve.stopping", {{"signal", std::to_string(sig)}});
  runtime.Stop();
  fetcher.Terminate();
  return 0;
}

namespace {

// --run-as: the configuration is read first (it may name the socket group), then the user is
// switched before anything else starts.
Status SwitchUser(const CommonOptions& common, const std::string& extra_group) {
  if (common.run_as.empty()) return {};
  auto user = LookupUser(common.run_as);
  if (!user) return user.error();
  std::optional<gid_t> extra;
  if (!extra_group.empty()) {
    auto gid = LookupGroup(extra_group);
    if (!gid) return gid.error();
    extra = *gid;
  }
  return DropPrivileges(*user, extra);
}

}  // namespace

int RunParts(const CommonOptions& common, bool api, bool worker, bool notifier) {
  auto c = LoadConfig(common);
  if (!c) return Fail("config", c.error());
  if (auto st = SwitchUser(common, ""); !st) return Fail("run-as", st.error());
  log::SetComponent(api ? "api" : worker ? "worker" : "notifier");
  const SplitStatus split =
      CheckSplit(c->kms, c->kek_private_key_file, c->gcp_decrypter_credentials_file, false);
  if (!split.enforced) log::Warn("key_split.not_enforced", {{"detail", split.detail}});
  Runtime runtime(*c);
  if (auto st = runtime.Start({.api = api, .worker = worker, .notifier = notifier, .split = split});
      !st) {
    return Fail("start", st.error());
  }
  if (api) std::cout << "Baro API is running at " << runtime.PublicUrl() << std::endl;
  WaitForShutdownSignal();
  runtime.Stop();
  return 0;
}

int RunServeParts(const CommonOptions& common) {
  auto c = LoadConfig(common);
  if (!c) return Fail("config", c.error());
  if (auto st = SwitchUser(common, ""); !st) return Fail("run-as", st.error());
  log::SetComponent("serve");
  if (auto st = PrepareDataDir(*c, common.config_path); !st) return Fail("data_dir", st.error());
  const SplitStatus split =
      CheckSplit(c->kms, c->kek_private_key_file, c->gcp_decrypter_credentials_file, false);
  if (!split.enforced) log::Warn("key_split.not_enforced", {{"detail", split.detail}});
  Runtime runtime(*c);
  if (auto st = runtime.Start({.api = true, .worker = true, .notifier = true, .split = split});
      !st) {
    return Fail("start", st.error());
  }
  std::cout << "Baro is running at " << runtime.PublicUrl() << std::endl;
  log::Info("serve.started", {{"url", runtime.PublicUrl()}, {"key_split", split.detail}});
  WaitForShutdownSignal();
  runtime.Stop();
  return 0;
}

int RunFetcher(const CommonOptions& common) {
  auto c = LoadConfig(common);
  if (!c) return Fail("config", c.error());
  if (auto st = SwitchUser(common, c->fetcher_socket_group); !st) return Fail("run-as", st.error());
  log::SetComponent("fetcher");
  if (auto st = PrepareFetcherDir(*c); !st) return Fail("fetcher_dir", st.error());
  if (common.create_keys) {
    auto id = EnsureLocalKeys(*c, std::nullopt);
    if (!id) return Fail("keys", id.error());
    if (!id->empty()) log::Info("fetcher.keys_created", {{"key_id", *id}});
  }
  return FetcherMain(*c);
}

int RunMigrate(const CommonOptions& common) {
  auto c = LoadConfig(common);
  if (!c) return Fail("config", c.error());
  auto store = store::OpenStore(c->database_url);
  if (!store) return Fail("database", store.error());
  if (auto st = (*store)->Migrate(); !st) return Fail("migrate", st.error());
  auto version = (*store)->SchemaVersion();
  std::cout << "Database schema is at version " << (version ? *version : -1) << "\n";
  return 0;
}

}  // namespace baro::app
