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
#include "app/fetcher_main.h"
#include "app/runtime.h"
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

// Waits until the fetcher answers its health check, up to `timeout`.
Status WaitForFetcher(const config::Config& c, ChildProcess& child,
                      std::chrono::milliseconds timeout) {
  fetcher::FetcherClient client(c.fetcher_socket, std::chrono::milliseconds(500));
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Error last = MakeError(ErrorCode::kUnavailable, "fetcher did not start");
  while (std::chrono::steady_clock::now() < deadline) {
    if (!child.Running()) return MakeError(ErrorCode::kUnavailable, "fetcher exited at start-up");
    auto health = client.Call("health");
    if (health) return {};
    last = health.error();
    // Start-up is a one-off; polling the socket for readiness is bounded by the deadline.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return last;
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
  if (auto st = PrepareDataDir(*c, common.config_path); !st) return Fail("data_dir", st.error());

  ChildProcess fetcher;
  std::vector<std::string> argv = {SelfExecutable(), "--data-dir", c->data_dir};
  if (!common.config_path.empty()) argv.insert(argv.end(), {"--config", common.config_path});
  argv.push_back("fetcher");
  if (auto st = fetcher.Start(argv, FetcherEnvironment(CurrentEnvironment())); !st) {
    return Fail("fetcher", st.error());
  }
  if (auto st = WaitForFetcher(*c, fetcher, std::chrono::seconds(15)); !st) {
    return Fail("fetcher", st.error());
  }

  Runtime runtime(*c);
  if (auto st = runtime.Start({.api = true, .worker = true, .notifier = true}); !st) {
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

int RunParts(const CommonOptions& common, bool api, bool worker, bool notifier) {
  auto c = LoadConfig(common);
  if (!c) return Fail("config", c.error());
  log::SetComponent(api ? "api" : worker ? "worker" : "notifier");
  Runtime runtime(*c);
  if (auto st = runtime.Start({.api = api, .worker = worker, .notifier = notifier}); !st) {
    return Fail("start", st.error());
  }
  if (api) std::cout << "Baro API is running at " << runtime.PublicUrl() << std::endl;
  WaitForShutdownSignal();
  runtime.Stop();
  return 0;
}

int RunFetcher(const CommonOptions& common) {
  auto c = LoadConfig(common);
  if (!c) return Fail("config", c.error());
  log::SetComponent("fetcher");
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
