// The soak load driver (not a test): `baro serve` on a fresh data directory against the loopback
// venue and Telegram fakes (no rate limits: exchanges.budget_percent is raised far above the
// venues' published limits), with N exchange connections spread over the seven venues and N
// hand-entered positions, and the check interval compressed so that --rate checks per second are
// requested. It reports the checks per second actually run (baro_checks_total on /metrics), the
// p50/p99 check duration (baro_check_duration_seconds), how old each position's last reading is
// at the end (p50/p99), every Baro process's RSS (with its anonymous and file-backed parts), open
// descriptors, threads and memory mappings at start, after warm-up, --samples times during the run
// and at the end, the fetcher's
// restarts (serve.fetcher_exited in serve's log), and whether every alert committed to the outbox
// reached Telegram exactly once. Any BARO_* variable in the driver's environment overrides the
// serve configuration (e.g. BARO_WORKER_THREADS). It exits non-zero when the fetcher restarted,
// an alert was lost or doubled, or no check ran. See docs/performance.md, "Soak".
//
// --mode split runs the split deployment instead, on a PostgreSQL server the driver starts itself
// (tests/support/postgres_server.h): `baro api`, two `baro worker`s, `baro notifier` and
// `baro fetcher`, each a process of its own, under the same load. Checks are counted on each
// worker's own /metrics (metrics.listen), and both workers must have done some; the fetcher must
// still be the process that started (nothing restarts it in this deployment). PostgreSQL's server
// (postmaster and backends, summed) is sampled beside Baro's processes, CPU included.
//
//   soak_driver [--mode serve|split] [--connections N] [--seconds S] [--warmup S]
//               [--rate CHECKS_PER_S] [--dir DIR] [--samples N (during the run, default 4)]
//               [--pg-pool SESSIONS (split mode, default 16)]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/api_session.h"
#include "fakes/exchanges/fake_binance.h"
#include "fakes/exchanges/fake_bitget.h"
#include "fakes/exchanges/fake_bybit.h"
#include "fakes/exchanges/fake_gate.h"
#include "fakes/exchanges/fake_kucoin.h"
#include "fakes/exchanges/fake_okx.h"
#include "fakes/market/fake_market.h"
#include "fakes/server/fake_http_server.h"
#include "fakes/telegram/fake_telegram.h"
#include "process_sample.h"
#include "store/store.h"
#include "support/child.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"
#include "venue_accounts.h"

namespace baro::soak {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
constexpr char kBotToken[] = "4242:soak-bot-token";

struct Options {
  std::string mode = "serve";  // serve | split
  int connections = 10000;
  int seconds = 1800;
  int warmup = 60;
  int rate = 1000;
  std::string dir = "soak-data";
  int pg_pool = 16;  // split mode: each process's PostgreSQL sessions (baro_pool_size)
  int samples = 4;   // resource samples between "warmed up" and "end", evenly spaced
};

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--mode") o.mode = value;
    if (flag == "--connections") o.connections = std::stoi(value);
    if (flag == "--seconds") o.seconds = std::stoi(value);
    if (flag == "--warmup") o.warmup = std::stoi(value);
    if (flag == "--rate") o.rate = std::stoi(value);
    if (flag == "--dir") o.dir = value;
    if (flag == "--pg-pool") o.pg_pool = std::stoi(value);
    if (flag == "--samples") o.samples = std::max(0, std::stoi(value));
  }
  return o;
}

std::int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class Fakes {
 public:
  bool Start() {
    if (!telegram.Start() || !market.Start() || !binance.Start() || !bybit.Start() ||
        !okx.Start() || !bitget.Start() || !gate.Start() || !kucoin.Start())
      return false;
    market.SetHyperliquid("BTC", 100000, 40);
    binance.SetMark("BTCUSDT", 100000);
    okx.SetInstruments(
        R"([{"instType":"SWAP","instId":"SOL-USDT-SWAP","ctType":"linear","ctVal":"1","ctMult":"1","settleCcy":"USDT"}])");
    gate.SetContracts(R"([{"name":"DOGE_USDT","quanto_multiplier":"10"}])");
    kucoin.SetContracts(R"([{"symbol":"ADAUSDTM","multiplier":10,"isInverse":false}])");
    return true;
  }

  std::string Account(int i) {
    return bench::SeedAccount({market, binance, bybit, okx, bitget, gate, kucoin}, i);
  }

  fakes::FakeTelegram telegram{kBotToken};
  fakes::FakeMarket market;
  fakes::FakeBinance binance;
  fakes::FakeBybit bybit;
  fakes::FakeOkx okx;
  fakes::FakeBitget bitget;
  fakes::FakeGate gate;
  fakes::FakeKucoin kucoin;
};

std::map<std::string, std::string> ServeEnvironment(const Fakes& f, const std::string& dir,
                                                    int interval_s) {
  return {{"BARO_DATA_DIR", dir},
          {"BARO_SERVER_PORT", "0"},
          {"BARO_TELEGRAM_API_BASE", f.telegram.BaseUrl()},
          {"BARO_TELEGRAM_BOT_TOKEN", kBotToken},
          {"BARO_TELEGRAM_BOT_USERNAME", "baro_soak_bot"},
          {"BARO_TELEGRAM_POLL_TIMEOUT_S", "1"},
          {"BARO_EXCHANGES_HYPERLIQUID_API", f.market.BaseUrl()},
          {"BARO_EXCHANGES_BINANCE_FUTURES_API", f.binance.BaseUrl()},
          {"BARO_EXCHANGES_BINANCE_SPOT_API", f.binance.BaseUrl()},
          {"BARO_EXCHANGES_BYBIT_API", f.bybit.BaseUrl()},
          {"BARO_EXCHANGES_OKX_API", f.okx.BaseUrl()},
          {"BARO_EXCHANGES_BITGET_API", f.bitget.BaseUrl()},
          {"BARO_EXCHANGES_GATE_API", f.gate.BaseUrl()},
          {"BARO_EXCHANGES_KUCOIN_FUTURES_API", f.kucoin.BaseUrl()},
          {"BARO_EXCHANGES_KUCOIN_SPOT_API", f.kucoin.BaseUrl()},
          {"BARO_EXCHANGES_BUDGET_PERCENT", "1000000"},
          {"BARO_WORKER_CHECK_INTERVAL_S", std::to_string(interval_s)},
          {"BARO_SERVER_METRICS_TOKEN_FILE", dir + "-metrics.token"},
          // Every simulated user signs up from this one loopback address and keeps its session's
          // connection open.
          {"BARO_AUTH_SIGNUP_MAX_ATTEMPTS", "1000000"},
          {"BARO_SERVER_MAX_CONNECTIONS_PER_ADDRESS", "4096"},
          {"BARO_SERVER_MAX_CONNECTIONS", "8192"},
          {"BARO_LOG_LEVEL", "warn"}};
}

constexpr char kMetricsToken[] = "soak-metrics-token-0123456789abcdef";

// What the driver reads from /metrics (Prometheus text format, behind the bearer token of
// server.metrics_token_file): the check counter and the check-duration histogram's buckets.
struct Scrape {
  double checks = 0;
  std::vector<std::pair<double, double>> buckets;  // (upper bound, cumulative count), +Inf last
};

std::optional<Scrape> ScrapeMetrics(const std::string& base) {
  net::HttpClient http;
  auto r = http.Send(
      *net::ParseUrl(base),
      net::HttpRequest{
          "GET", "/metrics", {{"Authorization", std::string("Bearer ") + kMetricsToken}}, "", ""});
  if (!r || r->status != 200) return std::nullopt;
  Scrape out;
  std::istringstream lines(r->body);
  const std::string bucket = "baro_check_duration_seconds_bucket{le=\"";
  for (std::string line; std::getline(lines, line);) {
    const std::string_view checks = "baro_checks_total ";
    if (line.rfind(checks, 0) == 0) out.checks = std::stod(line.substr(checks.size()));
    if (line.rfind(bucket, 0) == 0) {
      const auto close = line.find('"', bucket.size());
      const std::string le = line.substr(bucket.size(), close - bucket.size());
      out.buckets.emplace_back(le == "+Inf" ? INFINITY : std::stod(le),
                               std::stod(line.substr(line.rfind(' ') + 1)));
    }
  }
  return out;
}

// Checks and histogram of several workers together (their buckets have the same bounds).
Scrape Sum(const std::vector<Scrape>& parts) {
  Scrape out;
  for (const auto& p : parts) {
    out.checks += p.checks;
    if (out.buckets.empty()) {
      out.buckets = p.buckets;
      continue;
    }
    for (std::size_t i = 0; i < out.buckets.size() && i < p.buckets.size(); ++i)
      out.buckets[i].second += p.buckets[i].second;
  }
  return out;
}

// The q-quantile of the checks between two scrapes, interpolated linearly inside its bucket (as
// Prometheus' histogram_quantile does); in the +Inf bucket, the last finite bound.
double HistogramQuantile(const Scrape& from, const Scrape& to, double q) {
  if (to.buckets.size() != from.buckets.size() || to.buckets.empty()) return NAN;
  const double total = to.buckets.back().second - from.buckets.back().second;
  if (total <= 0) return NAN;
  const double rank = q * total;
  double lower = 0, below = 0;
  for (std::size_t i = 0; i < to.buckets.size(); ++i) {
    const double upper = to.buckets[i].first;
    const double count = to.buckets[i].second - from.buckets[i].second;
    if (count >= rank) {
      if (std::isinf(upper)) return lower;
      return lower + (upper - lower) * (rank - below) / std::max(1e-12, count - below);
    }
    lower = upper;
    below = count;
  }
  return lower;
}

// Each process's CPU seconds at the sample, by pid and name.
using CpuByProcess = std::map<pid_t, std::pair<std::string, double>>;

// The driver's own CPU seconds: the venue and Telegram fakes run in it.
double DriverCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(u.ru_utime) + seconds(u.ru_stime);
}

// The Baro processes of a run, each named for the table: serve and its children (by their
// command name), or the split deployment's processes (by role).
struct Process {
  std::string role;  // empty: the command name from /proc
  pid_t pid;
  bool summed = false;  // one row for the process and all its descendants (PostgreSQL's server)
};

CpuByProcess PrintSamples(const std::string& when, const std::vector<Process>& processes) {
  CpuByProcess cpu;
  for (const auto& p : processes) {
    const std::vector<pid_t> tree =
        p.role.empty() || p.summed ? ProcessTree(p.pid) : std::vector{p.pid};
    std::vector<ProcessSample> rows;
    for (pid_t pid : tree) rows.push_back(SampleProcess(pid));
    if (p.summed) {
      // Shared memory (PostgreSQL's shared buffers) is in every process's RSS: counted once, the
      // largest share any one process has touched.
      auto shared = [](const ProcessSample& r) {
        return std::max(0L, r.rss_kib - r.rss_anon_kib - r.rss_file_kib);
      };
      ProcessSample sum = rows.empty() ? ProcessSample{} : rows.front();
      long most_shared = rows.empty() ? 0 : shared(rows.front());
      for (std::size_t i = 1; i < rows.size(); ++i) {
        most_shared = std::max(most_shared, shared(rows[i]));
        sum.rss_anon_kib += rows[i].rss_anon_kib;
        sum.rss_file_kib += rows[i].rss_file_kib;
        sum.fds += rows[i].fds;
        sum.threads += rows[i].threads;
        sum.mappings += rows[i].mappings;
        sum.cpu_s += rows[i].cpu_s;
      }
      sum.rss_kib = sum.rss_anon_kib + sum.rss_file_kib + most_shared;
      rows = {sum};
    }
    for (const auto& s : rows) {
      const std::string name = p.role.empty() ? s.name : p.role;
      cpu[s.pid] = {name, s.cpu_s};
      std::printf("| %-9s | %-10s | %7d | %9.1f | %5.1f | %5.1f | %5d | %7d | %8d |\n",
                  when.c_str(), name.c_str(), s.pid, s.rss_kib / 1024.0, s.rss_anon_kib / 1024.0,
                  s.rss_file_kib / 1024.0, s.fds, s.threads, s.mappings);
    }
  }
  return cpu;
}

// A process that exited and was not reaped yet is a zombie: state Z in /proc/PID/stat (proc(5)).
bool Alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

// What a run needs from the deployment under load, whichever it is.
struct Deployment {
  std::string api_base;
  std::vector<Process> processes;
  // Where checks are counted: serve's API, or each worker's own metrics listener.
  std::vector<std::pair<std::string, std::string>> metrics;  // (name, base URL)
  std::string store_url;
  std::function<int()> fetcher_restarts;
  std::vector<std::unique_ptr<testing::Child>> children;  // stopped in this order
  std::vector<std::string> logs;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())) - 1);
  return v[std::min(i, v.size() - 1)];
}

bool StartServe(const Options& o, const std::map<std::string, std::string>& env, Deployment& d) {
  const std::string log = o.dir + "-serve.log";
  d.children.push_back(
      std::make_unique<testing::Child>(std::vector<std::string>{BARO_BINARY, "serve"}, env, log));
  auto line = d.children.back()->WaitForLine("Baro is running at ", 60s);
  if (!line) {
    std::fprintf(stderr, "serve did not start; see %s\n", log.c_str());
    return false;
  }
  d.api_base = line->substr(line->find("http://"));
  d.processes.push_back({"", d.children.back()->pid()});
  d.metrics.emplace_back("serve", d.api_base);
  d.store_url = "sqlite://" + o.dir + "/data/baro.db";
  d.fetcher_restarts = [log] {
    const std::string text = testing::ReadFile(log);
    int n = 0;
    for (auto at = text.find("serve.fetcher_exited"); at != std::string::npos;
         at = text.find("serve.fetcher_exited", at + 1))
      ++n;
    return n;
  };
  return true;
}

// The split deployment: PostgreSQL (started here), then `baro fetcher`, `baro api`, two
// `baro worker`s and `baro notifier`, each with its log in the run's directory.
bool StartSplit(const Options& o, std::map<std::string, std::string>& env, Deployment& d) {
  auto& postgres = testing::PostgresServer::Shared();
  if (!postgres.ok()) {
    std::fprintf(stderr, "PostgreSQL did not start: %s\n", postgres.why_not().c_str());
    return false;
  }
  d.store_url = postgres.NewDatabase();
  d.processes.push_back({"postgres", postgres.server_pid(), /*summed=*/true});
  // A session per check thread: the default of 4 would queue 16 threads on 4 sessions.
  env["BARO_DATABASE_URL"] = d.store_url +
                             (d.store_url.find('?') == std::string::npos ? "?" : "&") +
                             "baro_pool_size=" + std::to_string(o.pg_pool);
  env["BARO_METRICS_LISTEN"] = "127.0.0.1:0";
  for (const char* step : {"migrate", "keys"}) {
    std::vector<std::string> argv{BARO_BINARY, step};
    if (std::string_view(step) == "keys") argv.push_back("init");
    auto [code, out] = testing::RunToEnd(argv, env);
    if (code != 0) {
      std::fprintf(stderr, "baro %s failed: %s\n", step, out.c_str());
      return false;
    }
  }
  auto start = [&](const std::string& role, const std::string& command) -> testing::Child& {
    d.logs.push_back(o.dir + "/" + role + ".log");
    d.children.push_back(std::make_unique<testing::Child>(
        std::vector<std::string>{BARO_BINARY, command}, env, d.logs.back()));
    d.processes.push_back({role, d.children.back()->pid()});
    return *d.children.back();
  };
  // Stopped in the order started: the notifier first, the fetcher last.
  testing::Child& notifier = start("notifier", "notifier");
  (void)notifier;
  testing::Child& worker_a = start("worker-a", "worker");
  testing::Child& worker_b = start("worker-b", "worker");
  testing::Child& api = start("api", "api");
  testing::Child& fetcher = start("fetcher", "fetcher");
  for (auto* w : {&worker_a, &worker_b}) {
    auto line = w->WaitForLine("Baro metrics at ", 60s);
    if (!line) {
      std::fprintf(stderr, "a worker did not start; see %s\n", o.dir.c_str());
      return false;
    }
    const std::string url = line->substr(line->find("http://"));
    d.metrics.emplace_back(w == &worker_a ? "worker-a" : "worker-b",
                           url.substr(0, url.rfind("/metrics")));
  }
  auto line = api.WaitForLine("Baro API is running at ", 60s);
  if (!line) {
    std::fprintf(stderr, "the API did not start; see %s/api.log\n", o.dir.c_str());
    return false;
  }
  d.api_base = line->substr(line->find("http://"));
  // The API and the workers reach the fetcher through its socket (fetcher.socket's default).
  const std::string socket = o.dir + "/data-fetcher/fetcher.sock";
  const auto deadline = Clock::now() + 60s;
  while (!std::filesystem::exists(socket) && Clock::now() < deadline)
    std::this_thread::sleep_for(50ms);  // start-up: polled with a deadline
  if (!std::filesystem::exists(socket)) {
    std::fprintf(stderr, "the fetcher did not start; see %s/fetcher.log\n", o.dir.c_str());
    return false;
  }
  const pid_t fetcher_pid = fetcher.pid();
  d.fetcher_restarts = [fetcher_pid] { return Alive(fetcher_pid) ? 0 : 1; };
  return true;
}

int Run(const Options& o) {
  using testing::ApiSession;
  std::filesystem::remove_all(o.dir);
  const int users = std::max(1, o.connections / 100);
  const int monitors = o.connections + users;  // each user's hand-entered positions: one monitor
  const int interval_s = std::max(1, monitors / std::max(1, o.rate));
  std::printf(
      "soak (%s): %d connections, %d hand-entered positions, %d users, %d monitors, "
      "check interval %d s: %.0f checks/s requested; %d s (warm-up %d s)\n",
      o.mode.c_str(), o.connections, o.connections, users, monitors, interval_s,
      static_cast<double>(monitors) / interval_s, o.seconds, o.warmup);

  // No faults in a soak: the fakes answer without their fault relay (half the fakes' work).
  fakes::FakeHttpServer::ServeWithoutRelay(true);
  Fakes fakes;
  if (!fakes.Start()) return 2;
  auto env = ServeEnvironment(fakes, o.dir + "/data", interval_s);
  // Options to tune for the run (worker.threads, fetcher.threads, ...) pass through from the
  // driver's own environment, e.g. BARO_WORKER_THREADS=16 soak_driver ...
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string kv = *e;
    if (kv.rfind("BARO_", 0) == 0 && kv.find('=') != std::string::npos)
      env[kv.substr(0, kv.find('='))] = kv.substr(kv.find('=') + 1);
  }
  {
    std::filesystem::create_directories(o.dir);
    const std::string token_file = o.dir + "/data-metrics.token";
    std::FILE* f = std::fopen(token_file.c_str(), "w");
    if (f == nullptr || std::fputs(kMetricsToken, f) < 0 || std::fclose(f) != 0) return 2;
    std::filesystem::permissions(
        token_file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  }
  Deployment d;
  if (o.mode == "split") {
    // The store's connections: the API, two workers, the notifier, and each `baro admin` run.
    if (!StartSplit(o, env, d)) return 2;
  } else if (!StartServe(o, env, d)) {
    return 2;
  }
  const std::string base = d.api_base;
  std::printf(
      "\n| when      | process    | pid     | RSS (MiB) | anon  | file  | fds   | threads | "
      "mappings |\n"
      "|-----------|------------|---------|-----------|-------|-------|-------|---------|----------"
      "|\n");
  PrintSamples("start", d.processes);

  // Accounts: sign-up, premium, Telegram linked; then the connections and positions, round robin.
  std::vector<std::unique_ptr<ApiSession>> sessions;
  const auto seeding = Clock::now();
  for (int u = 0; u < users; ++u) {
    auto api = std::make_unique<ApiSession>(base);
    const std::string email = "soak" + std::to_string(u) + "@example.com";
    int status = 0;
    api->Call("POST", "/api/v1/auth/signup",
              R"({"email":")" + email + R"(","password":"a long passphrase"})", &status);
    if (status != 201) {
      std::fprintf(stderr, "sign-up %d: status %d\n", u, status);
      return 3;
    }
    if (testing::RunToEnd({BARO_BINARY, "admin", "grant-premium", "--email", email}, env).first)
      return 3;
    auto link = api->Call("POST", "/api/v1/telegram/link", "{}", &status);
    const std::string deep(link.as_object().at("url").as_string());
    fakes.telegram.SendText(1'000'000 + u, "/start " + deep.substr(deep.find("start=") + 6));
    sessions.push_back(std::move(api));
  }
  if (!fakes.telegram.WaitForSent(static_cast<std::size_t>(users), 120s)) return 3;
  for (int i = 0; i < o.connections; ++i) {
    int status = 0;
    auto& api = *sessions[static_cast<std::size_t>(i % users)];
    api.Call("POST", "/api/v1/connections", fakes.Account(i), &status);
    if (status != 201) {
      std::fprintf(stderr, "connection %d: status %d\n", i, status);
      return 3;
    }
    // One hand-entered position in ten is at 50x, beyond the default leverage threshold: it
    // alerts once, so the run has alerts to lose or double.
    api.Call(
        "POST", "/api/v1/manual-positions",
        std::string(
            R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":100000,"size":0.01,"leverage":)") +
            (i % 10 == 0 ? "50" : "2") + "}",
        &status);
    if (status != 201) return 3;
  }
  const double seed_s = std::chrono::duration<double>(Clock::now() - seeding).count();
  std::printf("| (seeded in %.0f s) |\n", seed_s);

  std::this_thread::sleep_for(std::chrono::seconds(o.warmup));  // load driver: the run's clock
  const CpuByProcess cpu_start = PrintSamples("warmed up", d.processes);
  const double driver_cpu_start = DriverCpuSeconds();
  auto scrape_all = [&]() -> std::optional<std::vector<Scrape>> {
    std::vector<Scrape> out;
    for (const auto& [name, url] : d.metrics) {
      auto one = ScrapeMetrics(url);
      if (!one) return std::nullopt;
      out.push_back(std::move(*one));
    }
    return out;
  };
  const auto first_each = scrape_all();
  const auto start = Clock::now();
  // Resources along the run, to tell growth that levels off (caches filling) from steady growth.
  for (int i = 1; i <= o.samples; ++i) {
    std::this_thread::sleep_until(start + std::chrono::seconds(o.seconds) * i / (o.samples + 1));
    PrintSamples("+" + std::to_string(o.seconds * i / (o.samples + 1)) + " s", d.processes);
  }
  std::this_thread::sleep_until(start + std::chrono::seconds(o.seconds));
  const auto last_each = scrape_all();
  if (!first_each || !last_each) {
    std::fprintf(stderr, "/metrics could not be read; see the logs in %s\n", o.dir.c_str());
    return 4;
  }
  const auto first = Sum(*first_each), last = Sum(*last_each);
  const double checks_start = first.checks, checks_end = last.checks;
  const double run_s = std::chrono::duration<double>(Clock::now() - start).count();
  const CpuByProcess cpu_end = PrintSamples("end", d.processes);
  const double driver_cpu = DriverCpuSeconds() - driver_cpu_start;

  // How old each position's last reading is, right now.
  std::vector<double> ages;
  const std::int64_t now = WallMs();
  for (auto& api : sessions) {
    auto list = api->Call("GET", "/api/v1/positions");
    for (const auto& p : list.as_object().at("positions").as_array())
      ages.push_back(
          static_cast<double>(now - p.as_object().at("observed_at").to_number<std::int64_t>()) /
          1000.0);
  }
  const int restarts = d.fetcher_restarts();
  for (auto& child : d.children) child->Stop();

  // Alerts: every outbox row sent exactly once, none left behind.
  auto store = store::OpenStore(d.store_url);
  long sent = 0, pending = 0, failed = 0;
  for (int u = 0; store && u < users; ++u) {
    auto rows = (*store)->outbox().ListForUser(u + 1);
    for (const auto& m : rows ? *rows : std::vector<store::OutboxMessage>{}) {
      sent += m.status == store::OutboxStatus::kSent;
      pending += m.status == store::OutboxStatus::kPending;
      failed += m.status == store::OutboxStatus::kFailed;
    }
  }
  const long delivered = static_cast<long>(fakes.telegram.Sent().size()) - users;  // minus links

  std::printf("\nchecks run: %.0f in %.0f s = %.1f checks/s (requested %.1f)\n",
              checks_end - checks_start, run_s, (checks_end - checks_start) / run_s,
              static_cast<double>(monitors) / interval_s);
  bool every_worker_checked = true;
  if (d.metrics.size() > 1) {
    for (std::size_t i = 0; i < d.metrics.size(); ++i) {
      const double n = (*last_each)[i].checks - (*first_each)[i].checks;
      every_worker_checked = every_worker_checked && n > 0;
      std::printf("  %s: %.0f checks = %.1f checks/s\n", d.metrics[i].first.c_str(), n, n / run_s);
    }
  }
  std::printf("check duration over the run: p50 %.1f ms, p99 %.1f ms\n",
              1000 * HistogramQuantile(first, last, 0.5),
              1000 * HistogramQuantile(first, last, 0.99));
  std::printf(
      "age of each position's last reading at the end: p50 %.1f s, p99 %.1f s (%zu "
      "positions; interval %d s)\n",
      Percentile(ages, 0.5), Percentile(ages, 0.99), ages.size(), interval_s);
  // CPU per check, which other load on the machine does not change: the capacity it implies
  // for this machine's cores, with the fakes' share and without it.
  const double checks = checks_end - checks_start;
  double baro_cpu = 0;
  std::printf("CPU per 1,000 checks:");
  for (const auto& [pid, end] : cpu_end) {
    auto begin = cpu_start.find(pid);
    if (begin == cpu_start.end()) continue;
    const double used = end.second - begin->second.second;
    baro_cpu += used;
    std::printf(" %s (%d) %.3f s,", end.first.c_str(), pid, 1000 * used / checks);
  }
  const double cores = static_cast<double>(std::thread::hardware_concurrency());
  std::printf(" fakes (this driver) %.3f s\n", 1000 * driver_cpu / checks);
  std::printf(
      "capacity at this CPU cost on %.0f cores: %.0f checks/s for Baro alone, %.0f with the "
      "fakes on the same machine\n",
      cores, cores * checks / baro_cpu, cores * checks / (baro_cpu + driver_cpu));
  std::printf("fetcher restarts: %d\n", restarts);
  std::printf(
      "alerts: outbox sent %ld, pending %ld, failed %ld; Telegram received %ld -> lost "
      "%ld, doubled %ld\n",
      sent, pending, failed, delivered, std::max(0L, sent - delivered),
      std::max(0L, delivered - sent));
  // The figures are for the docs; these promises fail the run (make soak-ci runs it in CI).
  if (restarts > 0 || sent != delivered || checks_end <= checks_start || !every_worker_checked) {
    std::fprintf(stderr,
                 "soak: FAILED (fetcher restarts, lost or doubled alerts, no checks, or a worker "
                 "that did none)\n");
    return 5;
  }
  return 0;
}

}  // namespace
}  // namespace baro::soak

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows as it happens
  return baro::soak::Run(baro::soak::Parse(argc, argv));
}
