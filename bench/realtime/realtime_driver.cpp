// The real-time load driver (not a test; docs/performance.md, "Real-time"): `baro serve` with
// stream.enabled on a fresh data directory, against the loopback venue fakes, their mark-price
// streams (tests/fakes/stream: each venue's public WebSocket over real TLS) and the Telegram fake.
//
// Load: --users users, each with --per-user hand-entered positions spread over --symbols symbols
// (three in five on Binance USD-M, the rest HyperLiquid coins), seeded through the store before
// serve starts; and two connected accounts per key venue plus two HyperLiquid wallets, added
// through the API, each holding one position on that venue's stream. Every 100 ms the driver
// pushes a new mark for every symbol on its venue's stream (a random walk of at most ±0.05 % a
// step around its level, which crosses no threshold).
//
// Measurement: users 0..symbols-1 are probes, one per symbol: their position in "their" symbol is
// at 4x (the others at 2x, liquidation ~50 % away). Every --gap-ms the driver drops one probe
// symbol's level by 20 % on its stream and on the venue's REST fake (the probe's position goes
// from 23-24 % to 3-6 % from its liquidation price with the default thresholds' ladder of 15, 7
// and 3 %: a critical alert; the 2x positions in that symbol stay 35 % away and above the loss
// ladder) and notes the time of that push. The delay is from that push to the probe's chat's
// sendMessage arriving at the Telegram fake: p50, p99, max over --events probes, with the CPU and
// RSS of serve's process (where the worker runs: the stream connections, the tick path, the checks)
// over the run and the tick path's counters from /metrics. It exits non-zero when a probe's alert
// did not arrive.
//
//   realtime_driver [--users N] [--per-user N] [--symbols N] [--events N] [--gap-ms MS]
//                   [--dir DIR]
// Any BARO_* variable in the driver's environment overrides serve's configuration.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../soak/process_sample.h"
#include "../soak/venue_accounts.h"
#include "app/api_session.h"
#include "fakes/exchanges/fake_binance.h"
#include "fakes/exchanges/fake_bitget.h"
#include "fakes/exchanges/fake_bybit.h"
#include "fakes/exchanges/fake_gate.h"
#include "fakes/exchanges/fake_kucoin.h"
#include "fakes/exchanges/fake_okx.h"
#include "fakes/market/fake_market.h"
#include "fakes/server/fake_http_server.h"
#include "fakes/stream/fake_stream_server.h"
#include "fakes/telegram/fake_telegram.h"
#include "store/store.h"
#include "support/child.h"
#include "support/temp_dir.h"
#include "support/tls_cert.h"

namespace baro::realtime {
namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;
constexpr char kBotToken[] = "4242:realtime-bot-token";
constexpr char kMetricsToken[] = "realtime-metrics-token-0123456789abcdef";
constexpr std::int64_t kChatBase = 1'000'000;  // user u's chat: kChatBase + u
constexpr double kDrop = 0.80;                 // a probe symbol's new level

struct Options {
  int users = 10000;
  int per_user = 10;
  int symbols = 500;
  int events = 500;
  int gap_ms = 400;
  std::string dir = "realtime-data";
};

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--users") o.users = std::stoi(value);
    if (flag == "--per-user") o.per_user = std::stoi(value);
    if (flag == "--symbols") o.symbols = std::stoi(value);
    if (flag == "--events") o.events = std::stoi(value);
    if (flag == "--gap-ms") o.gap_ms = std::stoi(value);
    if (flag == "--dir") o.dir = value;
  }
  o.events = std::min(o.events, o.symbols);  // one probe per symbol, each used once
  return o;
}

std::int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One streamed symbol: where it is, its name on the venue, its level and current mark.
struct Symbol {
  Venue venue;
  std::string name;
  double level;
  double mark;
};

// Symbol i: Binance USD-M "R<i>USDT" for three in five, else the HyperLiquid coin "R<i>".
Symbol MakeSymbol(int i) {
  const double level = 10.0 + 7.0 * i;
  if (i % 5 < 3) return {Venue::kBinance, "R" + std::to_string(i) + "USDT", level, level};
  return {Venue::kHyperliquid, "R" + std::to_string(i), level, level};
}

struct Fakes {
  explicit Fakes(const testing::TlsFiles& tls)
      : hl_stream(Venue::kHyperliquid, tls.cert_file, tls.key_file),
        binance_stream(Venue::kBinance, tls.cert_file, tls.key_file),
        bybit_stream(Venue::kBybit, tls.cert_file, tls.key_file),
        okx_stream(Venue::kOkx, tls.cert_file, tls.key_file),
        bitget_stream(Venue::kBitget, tls.cert_file, tls.key_file),
        gate_stream(Venue::kGate, tls.cert_file, tls.key_file),
        kucoin_stream(Venue::kKucoin, tls.cert_file, tls.key_file) {}

  bool Start() {
    if (!telegram.Start() || !market.Start() || !binance.Start() || !bybit.Start() ||
        !okx.Start() || !bitget.Start() || !gate.Start() || !kucoin.Start())
      return false;
    for (auto* s : Streams()) {
      if (!s->Start().ok()) return false;
    }
    okx.SetInstruments(
        R"([{"instType":"SWAP","instId":"SOL-USDT-SWAP","ctType":"linear","ctVal":"1","ctMult":"1","settleCcy":"USDT"}])");
    gate.SetContracts(R"([{"name":"DOGE_USDT","quanto_multiplier":"10"}])");
    kucoin.SetContracts(R"([{"symbol":"ADAUSDTM","multiplier":10,"isInverse":false}])");
    return true;
  }

  std::vector<fakes::FakeStreamServer*> Streams() {
    return {&hl_stream,     &binance_stream, &bybit_stream, &okx_stream,
            &bitget_stream, &gate_stream,    &kucoin_stream};
  }
  fakes::FakeStreamServer& StreamOf(Venue v) {
    switch (v) {
      case Venue::kHyperliquid:
        return hl_stream;
      case Venue::kBinance:
        return binance_stream;
      case Venue::kBybit:
        return bybit_stream;
      case Venue::kOkx:
        return okx_stream;
      case Venue::kBitget:
        return bitget_stream;
      case Venue::kGate:
        return gate_stream;
      case Venue::kKucoin:
        return kucoin_stream;
    }
    return binance_stream;
  }

  // Connected account `i` (venue i % 7) with one open position on that venue's stream.
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
  fakes::FakeStreamServer hl_stream, binance_stream, bybit_stream, okx_stream, bitget_stream,
      gate_stream, kucoin_stream;
};

// The connected accounts' symbols on their venues' streams, at the marks their reads show.
std::vector<Symbol> AccountSymbols() {
  return {
      {Venue::kHyperliquid, "BTC", 100000, 100000}, {Venue::kBinance, "BTCUSDT", 100000, 100000},
      {Venue::kBybit, "ETHUSDT", 3000, 3000},       {Venue::kOkx, "SOL-USDT-SWAP", 150, 150},
      {Venue::kBitget, "XRPUSDT", 0.6, 0.6},        {Venue::kGate, "DOGE_USDT", 0.2, 0.2},
      {Venue::kKucoin, "ADAUSDTM", 0.45, 0.45}};
}

// Users, premium, linked chats and hand-entered positions, straight into the store before serve
// starts (as the API would write them; signing up 10,000 users through the API and `baro admin`
// would take most of an hour).
bool Seed(const Options& o, const std::string& store_url, const std::vector<Symbol>& symbols) {
  auto store = store::OpenStore(store_url);
  if (!store || !(*store)->Migrate()) {
    std::fprintf(stderr, "cannot open the store %s\n", store_url.c_str());
    return false;
  }
  store::Store& s = **store;
  const std::int64_t now = WallMs();
  for (int u = 0; u < o.users; ++u) {
    auto user = s.users().Create("rt" + std::to_string(u) + "@example.com", "seeded", now);
    if (!user || !s.users().SetPlan(user->id, store::Plan::kPremium) ||
        !s.telegram().LinkChat({user->id, kChatBase + u, "rt" + std::to_string(u), true, now}))
      return false;
    for (int j = 0; j < o.per_user; ++j) {
      // User u holds symbols u, u + step, u + 2 step, ... (mod symbols): every symbol is held by
      // users * per_user / symbols users, and user u < symbols is the probe of symbol u.
      const int step = std::max(1, o.symbols / std::max(1, o.per_user));
      const Symbol& sym = symbols[static_cast<std::size_t>((u + step * j) % o.symbols)];
      store::ManualPosition p;
      p.user_id = user->id;
      p.venue = sym.venue;
      p.symbol = sym.name;
      p.side = Side::kLong;
      p.entry_price = sym.level;
      p.size = 100.0 / sym.level;
      p.leverage = (j == 0 && u < o.symbols) ? 4 : 2;
      p.margin_mode = MarginMode::kIsolated;
      if (!s.manual_positions().Create(p, now)) return false;
    }
  }
  return true;
}

std::optional<std::string> Metrics(const std::string& base) {
  net::HttpClient http;
  auto r = http.Send(
      *net::ParseUrl(base),
      net::HttpRequest{
          "GET", "/metrics", {{"Authorization", std::string("Bearer ") + kMetricsToken}}, "", ""});
  if (!r || r->status != 200) return std::nullopt;
  return r->body;
}

// The sum of a metric's samples whose line starts with `prefix` (name and labels).
double Sum(const std::string& text, const std::string& prefix) {
  std::istringstream lines(text);
  double total = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(prefix, 0) == 0) total += std::stod(line.substr(line.rfind(' ') + 1));
  }
  return total;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())) - 1);
  return v[std::min(i, v.size() - 1)];
}

struct Totals {
  double cpu_s = 0;
  long rss_kib = 0;
};

Totals SampleServe(pid_t serve) {
  Totals t;
  for (pid_t pid : soak::ProcessTree(serve)) {
    const auto s = soak::SampleProcess(pid);
    if (pid == serve) t = {s.cpu_s, s.rss_kib};
  }
  return t;
}

int Run(const Options& o) {
  std::filesystem::remove_all(o.dir);
  std::filesystem::create_directories(o.dir + "/data");
  const auto tls = testing::MakeSelfSignedCert(o.dir);
  fakes::FakeHttpServer::ServeWithoutRelay(true);
  Fakes fakes(tls);
  if (!fakes.Start()) return 2;

  std::vector<Symbol> symbols;
  for (int i = 0; i < o.symbols; ++i) {
    symbols.push_back(MakeSymbol(i));
    const Symbol& s = symbols.back();
    if (s.venue == Venue::kBinance) {
      fakes.binance.SetMark(s.name, s.level);
    } else {
      fakes.market.SetHyperliquid(s.name, s.level, 50);
    }
  }
  fakes.market.SetHyperliquid("BTC", 100000, 40);
  fakes.binance.SetMark("BTCUSDT", 100000);
  const std::vector<Symbol> account_symbols = AccountSymbols();
  const int accounts = 14;  // two per venue
  std::printf(
      "realtime: %d users, %d hand-entered positions over %d symbols (%d Binance, %d "
      "HyperLiquid), %d connected accounts on all seven venues; marks every 100 ms; %d probes "
      "%d ms apart\n",
      o.users, o.users * o.per_user, o.symbols,
      static_cast<int>(std::count_if(symbols.begin(), symbols.end(),
                                     [](const Symbol& s) { return s.venue == Venue::kBinance; })),
      static_cast<int>(std::count_if(symbols.begin(), symbols.end(),
                                     [](const Symbol& s) { return s.venue != Venue::kBinance; })),
      accounts, o.events, o.gap_ms);

  const std::string store_url = "sqlite://" + o.dir + "/data/baro.db";
  const auto seeding = SteadyClock::now();
  if (!Seed(o, store_url, symbols)) return 3;
  std::printf("seeded in %.0f s\n",
              std::chrono::duration<double>(SteadyClock::now() - seeding).count());

  const std::string token_file = o.dir + "/metrics.token";
  {
    std::ofstream f(token_file);
    f << kMetricsToken;
  }
  std::filesystem::permissions(
      token_file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::map<std::string, std::string> env{
      {"BARO_DATA_DIR", o.dir + "/data"},
      {"BARO_SERVER_PORT", "0"},
      {"BARO_TELEGRAM_API_BASE", fakes.telegram.BaseUrl()},
      {"BARO_TELEGRAM_BOT_TOKEN", kBotToken},
      {"BARO_TELEGRAM_BOT_USERNAME", "baro_realtime_bot"},
      {"BARO_TELEGRAM_POLL_TIMEOUT_S", "1"},
      {"BARO_EXCHANGES_HYPERLIQUID_API", fakes.market.BaseUrl()},
      {"BARO_EXCHANGES_BINANCE_FUTURES_API", fakes.binance.BaseUrl()},
      {"BARO_EXCHANGES_BINANCE_SPOT_API", fakes.binance.BaseUrl()},
      {"BARO_EXCHANGES_BYBIT_API", fakes.bybit.BaseUrl()},
      {"BARO_EXCHANGES_OKX_API", fakes.okx.BaseUrl()},
      {"BARO_EXCHANGES_BITGET_API", fakes.bitget.BaseUrl()},
      {"BARO_EXCHANGES_GATE_API", fakes.gate.BaseUrl()},
      {"BARO_EXCHANGES_KUCOIN_FUTURES_API", fakes.kucoin.BaseUrl()},
      {"BARO_EXCHANGES_KUCOIN_SPOT_API", fakes.kucoin.BaseUrl()},
      {"BARO_EXCHANGES_BUDGET_PERCENT", "1000000"},
      {"BARO_SERVER_METRICS_TOKEN_FILE", token_file},
      {"BARO_STREAM_ENABLED", "true"},
      {"BARO_STREAM_HYPERLIQUID_URL", fakes.hl_stream.Url()},
      {"BARO_STREAM_BINANCE_URL", fakes.binance_stream.Url()},
      {"BARO_STREAM_BYBIT_URL", fakes.bybit_stream.Url()},
      {"BARO_STREAM_OKX_URL", fakes.okx_stream.Url()},
      {"BARO_STREAM_BITGET_URL", fakes.bitget_stream.Url()},
      {"BARO_STREAM_GATE_URL", fakes.gate_stream.Url()},
      {"BARO_STREAM_KUCOIN_TOKEN_API", fakes.kucoin_stream.Url()},
      {"BARO_EGRESS_CA_FILE", tls.cert_file},
      {"BARO_AUTH_SIGNUP_MAX_ATTEMPTS", "1000000"},
      // Positions are read every 10 minutes (they change rarely); prices come from the streams.
      {"BARO_WORKER_CHECK_INTERVAL_S", "600"},
      {"BARO_LOG_LEVEL", "warn"}};
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string kv = *e;
    if (kv.rfind("BARO_", 0) == 0 && kv.find('=') != std::string::npos)
      env[kv.substr(0, kv.find('='))] = kv.substr(kv.find('=') + 1);
  }
  const std::string log = o.dir + "/serve.log";
  testing::Child serve({BARO_BINARY, "serve"}, env, log);
  auto line = serve.WaitForLine("Baro is running at ", 120s);
  if (!line) {
    std::fprintf(stderr, "serve did not start; see %s\n", log.c_str());
    return 2;
  }
  const std::string base = line->substr(line->find("http://"));

  // Connected accounts through the API: one user per venue, two accounts each.
  for (int v = 0; v < 7; ++v) {
    testing::ApiSession api(base);
    const std::string email = "rt-connected" + std::to_string(v) + "@example.com";
    int status = 0;
    api.Call("POST", "/api/v1/auth/signup",
             R"({"email":")" + email + R"(","password":"a long passphrase"})", &status);
    if (status != 201) return 3;
    if (testing::RunToEnd({BARO_BINARY, "admin", "grant-premium", "--email", email}, env).first)
      return 3;
    for (int k = 0; k < accounts / 7; ++k) {
      api.Call("POST", "/api/v1/connections", fakes.Account(v + 7 * k), &status);
      if (status != 201) {
        std::fprintf(stderr, "connection on venue %d: status %d\n", v, status);
        return 3;
      }
    }
  }

  // Marks every 100 ms on every stream; a probe symbol, once dropped, stays at its new level.
  std::mutex mu;
  std::vector<Symbol> moving = symbols;
  moving.insert(moving.end(), account_symbols.begin(), account_symbols.end());
  std::atomic<bool> pushing{true};
  std::thread pusher([&] {
    std::mt19937_64 random(42);
    std::uniform_real_distribution<double> step(-0.0005, 0.0005);
    auto next = SteadyClock::now();
    while (pushing) {
      std::map<Venue, std::vector<std::pair<std::string, double>>> batch;
      {
        std::lock_guard lock(mu);
        for (auto& s : moving) {
          s.mark = std::clamp(s.mark * (1 + step(random)), s.level * 0.999, s.level * 1.001);
          batch[s.venue].emplace_back(s.name, s.mark);
        }
      }
      for (auto& [venue, marks] : batch) fakes.StreamOf(venue).PushMarks(marks);
      next += 100ms;
      std::this_thread::sleep_until(next);  // the load's own clock: a mark every 100 ms
    }
  });

  // Warm-up: every symbol subscribed (each monitor checked once), then one minute for the first
  // tick after each check to read its states.
  const auto warm_start = SteadyClock::now();
  const std::size_t want_binance = static_cast<std::size_t>(std::count_if(
      symbols.begin(), symbols.end(), [](const Symbol& s) { return s.venue == Venue::kBinance; }));
  const std::size_t want_hl = symbols.size() - want_binance;
  bool subscribed = false;
  while (SteadyClock::now() - warm_start < 600s) {
    if (fakes.binance_stream.Subscribed().size() >= want_binance + 1 &&
        fakes.hl_stream.Subscribed().size() >= want_hl + 1 &&
        !fakes.kucoin_stream.Subscribed().empty() && !fakes.okx_stream.Subscribed().empty()) {
      subscribed = true;
      break;
    }
    std::this_thread::sleep_for(500ms);  // warm-up: polled with a deadline
  }
  if (!subscribed) {
    std::fprintf(stderr, "the streams were not all subscribed within 10 minutes; see %s\n",
                 log.c_str());
    pushing = false;
    pusher.join();
    return 4;
  }
  std::printf("all symbols streamed after %.0f s\n",
              std::chrono::duration<double>(SteadyClock::now() - warm_start).count());
  // Every monitor checked once: the tick path keeps what each check observed.
  const double monitors = o.users + accounts;
  while (SteadyClock::now() - warm_start < 1800s) {
    auto m = Metrics(base);
    if (m && Sum(*m, "baro_checks_total") >= monitors) break;
    std::this_thread::sleep_for(2s);  // warm-up: polled with a deadline
  }
  std::printf("every monitor checked once after %.0f s\n",
              std::chrono::duration<double>(SteadyClock::now() - warm_start).count());
  // Telegram knows a private chat once its user has written to the bot: each probe's user does
  // (the bot answers). The sender is idle again before the probes start: nothing sent for 5 s
  // (the first checks' warnings and the bot's answers are out).
  for (int k = 0; k < std::min(o.symbols, o.users); ++k) {
    fakes.telegram.SendText(kChatBase + k, "/help", "rt" + std::to_string(k));
  }
  std::size_t last_count = 0;
  auto last_change = SteadyClock::now();
  while (SteadyClock::now() - last_change < 5s && SteadyClock::now() - warm_start < 900s) {
    const std::size_t n = fakes.telegram.Sent().size();
    if (n != last_count) {
      last_count = n;
      last_change = SteadyClock::now();
    }
    std::this_thread::sleep_for(200ms);  // warm-up: polled with a deadline
  }
  std::printf("sender idle after %.0f s (%zu messages so far)\n",
              std::chrono::duration<double>(SteadyClock::now() - warm_start).count(), last_count);

  auto metrics_start = Metrics(base);
  const Totals cpu_start = SampleServe(serve.pid());
  const auto run_start = SteadyClock::now();

  // Probes: drop symbol k; its probe user k's chat should be told.
  std::vector<std::int64_t> pushed_at(static_cast<std::size_t>(o.symbols), 0);
  std::vector<double> delays;
  std::atomic<bool> watching{true};
  std::size_t seen = fakes.telegram.Sent().size();
  std::thread watcher([&] {
    while (watching) {
      if (!fakes.telegram.WaitForSent(seen + 1, 100ms)) continue;
      const std::int64_t now = WallMs();
      const auto sent = fakes.telegram.Sent();
      std::lock_guard lock(mu);
      for (std::size_t i = seen; i < sent.size(); ++i) {
        const std::int64_t user = sent[i].chat_id - kChatBase;
        if (user < 0 || user >= o.symbols) continue;
        auto& at = pushed_at[static_cast<std::size_t>(user)];
        if (at <= 0) continue;
        delays.push_back(static_cast<double>(now - at));
        at = -1;  // counted once
      }
      seen = sent.size();
    }
  });
  std::vector<int> order(static_cast<std::size_t>(o.symbols));
  for (int k = 0; k < o.symbols; ++k) order[static_cast<std::size_t>(k)] = k;
  std::shuffle(order.begin(), order.end(), std::mt19937_64(7));
  for (int e = 0; e < o.events; ++e) {
    const int k = order[static_cast<std::size_t>(e)];
    Symbol s;
    {
      std::lock_guard lock(mu);
      auto& m = moving[static_cast<std::size_t>(k)];
      m.level *= kDrop;
      m.mark = m.level;
      s = m;
      pushed_at[static_cast<std::size_t>(k)] = WallMs();
    }
    fakes.StreamOf(s.venue).PushMark(s.name, s.mark);
    // The REST fake follows, so the next check reads what the stream said.
    if (s.venue == Venue::kBinance) {
      fakes.binance.SetMark(s.name, s.level);
    } else {
      fakes.market.SetHyperliquid(s.name, s.level, 50);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(o.gap_ms));  // the probes' pace
  }
  // The last probes' alerts: waited for with a deadline.
  const auto tail = SteadyClock::now();
  while (SteadyClock::now() - tail < 60s) {
    {
      std::lock_guard lock(mu);
      if (delays.size() >= static_cast<std::size_t>(o.events)) break;
    }
    std::this_thread::sleep_for(100ms);
  }
  const double run_s = std::chrono::duration<double>(SteadyClock::now() - run_start).count();
  const Totals cpu_end = SampleServe(serve.pid());
  auto metrics_end = Metrics(base);
  watching = false;
  watcher.join();
  pushing = false;
  pusher.join();
  serve.Stop();

  std::lock_guard lock(mu);
  std::printf(
      "\ndelay from a threshold-crossing mark on the stream to sendMessage at Telegram "
      "(%zu of %d probes):\n  p50 %.0f ms, p99 %.0f ms, max %.0f ms\n",
      delays.size(), o.events, Percentile(delays, 0.5), Percentile(delays, 0.99),
      delays.empty() ? NAN : *std::max_element(delays.begin(), delays.end()));
  std::printf("serve (worker, streams, API, sender): CPU %.2f cores over %.0f s; RSS %.0f MiB\n",
              (cpu_end.cpu_s - cpu_start.cpu_s) / run_s, run_s, cpu_end.rss_kib / 1024.0);
  if (metrics_start && metrics_end) {
    for (const char* result : {"quiet", "committed", "leased", "failed"}) {
      const std::string prefix =
          std::string("baro_tick_reassessments_total{result=\"") + result + "\"}";
      std::printf("  tick re-assessments %s: %.0f/s\n", result,
                  (Sum(*metrics_end, prefix) - Sum(*metrics_start, prefix)) / run_s);
    }
    std::printf(
        "  checks: %.0f/s; stream frames: %.0f/s\n",
        (Sum(*metrics_end, "baro_checks_total") - Sum(*metrics_start, "baro_checks_total")) / run_s,
        (Sum(*metrics_end, "baro_stream_frames_total{") -
         Sum(*metrics_start, "baro_stream_frames_total{")) /
            run_s);
  }
  if (delays.size() < static_cast<std::size_t>(o.events)) {
    std::fprintf(stderr, "realtime: FAILED (%zu probe alerts did not arrive; see %s)\n",
                 static_cast<std::size_t>(o.events) - delays.size(), log.c_str());
    return 5;
  }
  return 0;
}

}  // namespace
}  // namespace baro::realtime

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  return baro::realtime::Run(baro::realtime::Parse(argc, argv));
}
