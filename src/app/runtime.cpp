#include "app/runtime.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json/value.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "app/lease_takeover.h"
#include "app/process_setup.h"
#include "core/json_util.h"
#include "core/position_json.h"
#include "exchanges/public_market.h"
#include "exchanges/venue_client.h"
#include "fetcher/fetcher_client.h"
#include "fetcher/fetcher_counters.h"
#include "log/logger.h"
#include "market/market_data.h"
#include "metrics/loop_guard.h"
#include "metrics/metrics.h"
#include "net/http_server.h"
#include "notify/link_tokens.h"
#include "notify/outbox_sender.h"
#include "notify/telegram_client.h"
#include "notify/update_poller.h"
#include "risk/tiers_json.h"
#include "store/store.h"
#include "stream/mark_streamer.h"
#include "stream/stream_options.h"
#include "vault/backends.h"
#include "web/api.h"
#include "web/static_files.h"
#include "worker/checker.h"
#include "worker/tick_assessor.h"
#include "worker/worker_loop.h"

namespace baro::app {

struct Runtime::Impl {
  config::Config config;
  std::unique_ptr<store::Store> store;
  // One client for every caller in this process: a small pool of persistent connections.
  std::unique_ptr<fetcher::FetcherClient> fetcher;
  // The fetcher's counters in this process's /metrics (declared after `fetcher`: freed before it).
  std::unique_ptr<fetcher::FetcherCountersExport> fetcher_counters;
  std::mutex market_http_mu;
  std::unique_ptr<net::HttpClient> market_http;
  // Public market reads' budget and bans per venue, as the fetcher keeps for the signed reads
  // (exchanges/public_link.h); indexed by Venue.
  std::vector<std::unique_ptr<exchanges::VenueState>> public_states;
  exchanges::VenueLinkOptions public_link_options;
  exchanges::VenueLink PublicLink(Venue venue) {
    return exchanges::VenueLink(*market_http, *public_states.at(static_cast<std::size_t>(venue)),
                                SystemClock::Instance(), public_link_options);
  }
  std::unique_ptr<market::MarketData> market;
  std::unique_ptr<web::Api> api;
  std::unique_ptr<net::HttpServer> server;
  std::unique_ptr<net::HttpServer> metrics_server;  // metrics.listen, for processes without the API
  // With stream.enabled: marks streamed between checks, each change judged again by the tick
  // assessor (docs/streams.md). The streamer is stopped first: it calls into the assessor.
  struct TickSink final : stream::MarkSink {
    worker::TickAssessor* tick = nullptr;
    void OnMark(Venue venue, const std::string& symbol, double mark,
                std::int64_t received_ms) override {
      tick->OnMark(venue, symbol, mark, received_ms);
    }
  };
  std::unique_ptr<worker::TickAssessor> tick;
  TickSink tick_sink;
  std::unique_ptr<stream::MarkStreamer> streamer;
  std::unique_ptr<worker::Checker> checker;
  std::unique_ptr<worker::WorkerLoop> worker;
  std::unique_ptr<notify::TelegramClient> poll_client, send_client;
  std::unique_ptr<notify::UpdatePoller> poller;
  std::unique_ptr<notify::OutboxSender> sender;
  // Webhook mode (telegram.webhook_url): the API's handler of Telegram's requests, and the secret
  // token they carry.
  std::unique_ptr<notify::TelegramClient> webhook_client;
  std::unique_ptr<notify::UpdatePoller> webhook_handler;
  std::shared_ptr<const SecretBytes> webhook_secret;
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  std::string public_url;

  Status StartWorker();
  exchanges::PublicEndpoints PublicEndpoints() const {
    return {config.hyperliquid_api,   config.binance_futures_api, config.bybit_api,
            config.okx_api,           config.bitget_api,          config.gate_api,
            config.kucoin_futures_api};
  }
  Status StartNotifier();
  notify::PollerOptions PollerOptionsFor() const;
  Status ReadWebhookSecret();
  Status StartWebhookHandler();
  void StartMaintenance();
  Status StartMetricsServer();
};

namespace {

std::string ProcessName(const char* role) {
  return LeaseOwnerName(role);
}

Result<worker::ConnectionRead> ReadThroughFetcher(const fetcher::FetcherClient& client,
                                                  const store::Connection& conn) {
  boost::json::object sealed{{"user_id", conn.user_id},
                             {"connection_id", conn.id},
                             {"key_generation", conn.key_generation},
                             {"venue", ToString(conn.venue)},
                             {"wallet_address", conn.wallet_address},
                             {"api_key", conn.sealed_api_key},
                             {"api_secret", conn.sealed_api_secret},
                             {"passphrase", conn.sealed_passphrase}};
  auto r = client.Call("read_positions", {{"connection", sealed}});
  if (!r) return r.error();
  worker::ConnectionRead out;
  const auto* positions = r->is_object() ? r->as_object().if_contains("positions") : nullptr;
  if (positions == nullptr || !positions->is_array()) {
    return MakeError(ErrorCode::kBadResponse, "fetcher answer has no positions");
  }
  for (const auto& v : positions->as_array()) {
    auto p = PositionFromJson(v);
    if (!p) return p.error();
    out.positions.push_back(std::move(*p));
  }
  if (const auto* account = r->as_object().if_contains("account")) {
    if (auto a = AccountFromJson(*account)) out.account = *a;
  }
  if (const auto* others = r->as_object().if_contains("other_accounts");
      others && others->is_array()) {
    for (const auto& v : others->as_array()) {
      if (auto a = AccountFromJson(v)) out.other_accounts.push_back(std::move(*a));
    }
  }
  if (const auto* gaps = r->as_object().if_contains("gaps"); gaps && gaps->is_array()) {
    for (const auto& g : gaps->as_array()) {
      out.gaps.push_back({json::GetString(g, "product").value_or(""),
                          static_cast<int>(json::GetInt(g, "positions").value_or(0)),
                          json::GetString(g, "margin_account").value_or(""),
                          json::GetString(g, "error").value_or("")});
    }
  }
  if (const auto* tiers = r->as_object().if_contains("tiers"); tiers && tiers->is_object()) {
    for (const auto& [symbol, list] : tiers->as_object()) {
      if (auto parsed = risk::TiersFromJson(list)) out.tiers[std::string(symbol)] = *parsed;
    }
  }
  return out;
}

}  // namespace

Status Runtime::Impl::StartWorker() {
  const auto& c = config;
  worker::CheckerOptions options;
  options.failures_before_attention = c.failures_before_attention;
  options.tier_lifetime_ms = c.tier_lifetime_s * 1000;
  options.tier_cache_max_symbols = static_cast<std::size_t>(c.tier_cache_max_symbols);
  options.threshold_cache_connections = static_cast<std::size_t>(c.threshold_cache_connections);
  options.defaults.confirm_ms = c.alert_confirm_s * 1000;
  options.page_url = c.public_url;
  options.tier_loader = [this](Venue venue, const std::string& symbol) {
    std::lock_guard lock(market_http_mu);
    auto link = PublicLink(venue);
    return exchanges::LoadTiers(venue, symbol, link, PublicEndpoints());
  };
  const std::string owner = ProcessName("worker");
  if (c.stream_enabled) {
    tick = std::make_unique<worker::TickAssessor>(
        worker::TickOptions{
            .owner = owner,
            .defaults = options.defaults,
            .decide = {.failures_before_attention = options.failures_before_attention,
                       .page_url = options.page_url,
                       .price_precision = worker::PricePrecisionFrom(*market)},
            .max_monitors = static_cast<std::size_t>(c.tick_monitors),
            .min_interval_ms = c.tick_min_interval_ms,
            .lease_ms = c.lease_s * 1000,
            .watch =
                [this](const std::set<std::pair<Venue, std::string>>& pairs) {
                  streamer->Watch(pairs);
                }},
        *store, SystemClock::Instance());
    tick_sink.tick = tick.get();
    streamer = std::make_unique<stream::MarkStreamer>(stream::StreamerOptionsFrom(c), &tick_sink);
    options.observed = [this](const worker::Observation& o) { tick->Remember(o); };
    tick->Start();
  }
  checker = std::make_unique<worker::Checker>(
      options, *store, *market,
      [this](const store::Connection& conn) { return ReadThroughFetcher(*fetcher, conn); },
      SystemClock::Instance());
  worker::WorkerOptions wo;
  wo.owner = owner;
  wo.threads = c.worker_threads;
  wo.lease_ms = c.lease_s * 1000;
  wo.tick_ms = c.scheduler_tick_ms;
  wo.max_defer_ms = c.max_defer_s * 1000;
  wo.schedule = {c.check_interval_s * 1000, c.check_jitter};
  // Leases a crashed predecessor on this host left behind are taken back now, not after lease_s.
  TakeOverDeadLeases(*store, SystemClock::Instance().NowMs());
  worker = std::make_unique<worker::WorkerLoop>(
      wo, *store, SystemClock::Instance(),
      [this](const store::Monitor& m, const worker::CheckLease& lease) {
        return checker->Check(m, lease);
      });
  worker->Start();
  log::Info("worker.started", {{"owner", wo.owner}, {"threads", std::to_string(wo.threads)}});
  return {};
}

// Housekeeping beside the worker: drops distance history older than worker.history_retention_s and
// expired sessions, once a minute.
void Runtime::Impl::StartMaintenance() {
  threads.emplace_back([this] {
    while (!stop) {
      metrics::RunGuarded("maintenance", [this] {
        const std::int64_t now = SystemClock::Instance().NowMs();
        (void)store->snapshots().PruneHistory(now - config.history_retention_s * 1000);
        (void)store->sessions().DeleteExpired(now);
      });
      for (int i = 0; i < 1200 && !stop; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
}

// /metrics and /healthz for a worker or notifier process (the API serves its own).
Status Runtime::Impl::StartMetricsServer() {
  const std::string& listen = config.metrics_listen;
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return MakeError(ErrorCode::kInvalidInput, "metrics.listen must be address:port");
  }
  int port = -1;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
  }
  if (port < 0 || port > 65535) {
    return MakeError(ErrorCode::kInvalidInput, "metrics.listen has a bad port: " + listen);
  }
  net::HttpServerOptions options;
  options.address = listen.substr(0, colon);
  if (options.address.size() > 2 && options.address.front() == '[') {
    options.address = options.address.substr(1, options.address.size() - 2);
  }
  options.port = static_cast<std::uint16_t>(port);
  options.threads = 1;
  options.handler_threads = 1;
  options.max_connections = 16;
  options.header_timeout_ms = config.http_header_timeout_ms;
  metrics_server = std::make_unique<net::HttpServer>(options, [](const net::HttpRequest& r) {
    if (r.method == "GET" && r.Path() == "/metrics") {
      return net::HttpResponse::Text(200, metrics::Default().Render(),
                                     "text/plain; version=0.0.4; charset=utf-8");
    }
    if (r.method == "GET" && r.Path() == "/healthz") {
      return net::HttpResponse::Json(200, R"({"status":"ok"})");
    }
    return net::HttpResponse::Json(404, R"({"error":{"code":"not_found","message":"not found"}})");
  });
  if (auto st = metrics_server->Start(); !st) return st;
  log::Info("metrics.listening", {{"url", metrics_server->BaseUrl()}});
  std::cout << "Baro metrics at " << metrics_server->BaseUrl() << "/metrics" << std::endl;
  return {};
}

notify::PollerOptions Runtime::Impl::PollerOptionsFor() const {
  const auto& c = config;
  notify::PollerOptions po{.poll_timeout_s = c.telegram_poll_timeout_s,
                           .error_backoff_ms = c.telegram_retry_backoff_ms,
                           .error_backoff_max_ms = c.telegram_retry_backoff_max_ms};
  po.bot.defaults.confirm_ms = c.alert_confirm_s * 1000;
  po.bot_username = c.telegram_bot_username;
  po.webhook_url = c.telegram_webhook_url;
  po.webhook_max_connections = std::clamp(c.telegram_webhook_max_connections, 1, 100);
  po.bot.page_url = c.public_url;
  po.bot.alerts_listed = std::min(c.telegram_alerts_listed, 100);
  po.bot.mute_max_ms = c.telegram_mute_max_s * 1000;
  po.bot.status_max_messages = c.telegram_status_max_messages;
  po.bot.snooze_ms = c.telegram_snooze_s * 1000;
  po.bot.replies_via_outbox = true;
  return po;
}

// The webhook's secret token: 1-256 of A-Z a-z 0-9 _ - (https://core.telegram.org/bots/api
// #setwebhook), from telegram.webhook_secret_file or BARO_TELEGRAM_WEBHOOK_SECRET.
Status Runtime::Impl::ReadWebhookSecret() {
  if (webhook_secret) return {};
  auto secret = config::ReadSecret(config.telegram_webhook_secret_file,
                                   "BARO_TELEGRAM_WEBHOOK_SECRET", config::ProcessEnvironment());
  if (!secret) return secret.error();
  const std::string_view v = secret->view();
  bool valid = !v.empty() && v.size() <= 256;
  for (char ch : v) {
    valid = valid && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-');
  }
  if (!valid) {
    return MakeError(ErrorCode::kInvalidInput,
                     "telegram.webhook_url needs a secret token of 1-256 A-Z a-z 0-9 _ - "
                     "(telegram.webhook_secret_file or BARO_TELEGRAM_WEBHOOK_SECRET)");
  }
  log::RegisterSecret(v);
  webhook_secret = std::make_shared<const SecretBytes>(std::move(*secret));
  return {};
}

// In webhook mode the API process handles the updates Telegram posts to it.
Status Runtime::Impl::StartWebhookHandler() {
  if (config.telegram_webhook_url.empty()) return {};
  if (auto st = ReadWebhookSecret(); !st) return st;
  auto token = config::ReadSecret(config.telegram_bot_token_file, "BARO_TELEGRAM_BOT_TOKEN",
                                  config::ProcessEnvironment());
  if (!token) return token.error();
  if (token->empty()) {
    return MakeError(ErrorCode::kInvalidInput, "telegram.webhook_url needs the bot token");
  }
  log::RegisterSecret(token->view());
  auto base = net::ParseUrl(config.telegram_api_base);
  if (!base) return base.error();
  webhook_client = std::make_unique<notify::TelegramClient>(*base, std::move(*token),
                                                            OutboundHttpOptions(config));
  webhook_handler = std::make_unique<notify::UpdatePoller>(PollerOptionsFor(), *webhook_client,
                                                           *store, SystemClock::Instance());
  return {};
}

Status Runtime::Impl::StartNotifier() {
  const auto& c = config;
  auto token = config::ReadSecret(c.telegram_bot_token_file, "BARO_TELEGRAM_BOT_TOKEN",
                                  config::ProcessEnvironment());
  if (!token) return token.error();
  if (token->empty()) {
    log::Warn("notifier.disabled",
              {{"reason", "no bot token (telegram.bot_token_file or BARO_TELEGRAM_BOT_TOKEN)"}});
    return {};
  }
  log::RegisterSecret(token->view());
  auto base = net::ParseUrl(c.telegram_api_base);
  if (!base) return base.error();
  poll_client =
      std::make_unique<notify::TelegramClient>(*base, token->Clone(), OutboundHttpOptions(c));
  send_client =
      std::make_unique<notify::TelegramClient>(*base, std::move(*token), OutboundHttpOptions(c));
  const bool webhook = !c.telegram_webhook_url.empty();
  if (webhook) {
    if (auto st = ReadWebhookSecret(); !st) return st;
  }
  poller = std::make_unique<notify::UpdatePoller>(PollerOptionsFor(), *poll_client, *store,
                                                  SystemClock::Instance());
  notify::SenderOptions so;
  so.owner = ProcessName("notifier");
  so.per_chat_interval_ms = c.telegram_per_chat_interval_ms;
  so.global_rate_per_s = c.telegram_global_rate_per_s;
  so.retry_backoff_ms = c.telegram_retry_backoff_ms;
  so.retry_backoff_max_ms = c.telegram_retry_backoff_max_ms;
  so.max_attempts = c.telegram_max_attempts;
  so.tick_ms = c.outbox_tick_ms;
  so.digest_queue_max = c.telegram_digest_queue_max;
  so.group_per_minute = c.telegram_group_per_minute;
  sender =
      std::make_unique<notify::OutboxSender>(so, *send_client, *store, SystemClock::Instance());
  TakeOverDeadLeases(*store, SystemClock::Instance().NowMs());
  if (webhook) {
    // Telegram posts the updates to the API's /api/v1/telegram/webhook; this process only
    // registers the webhook (and never calls getUpdates).
    threads.emplace_back([this] { poller->RunWebhookSetUp(stop, webhook_secret->view()); });
  } else {
    threads.emplace_back([this] { poller->Run(stop); });
  }
  threads.emplace_back([this] { sender->Run(stop); });
  log::Info("notifier.started");
  return {};
}

Runtime::Runtime(config::Config config) : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
}

Runtime::~Runtime() {
  Stop();
}

Status Runtime::Start(Parts parts) {
  const auto& c = impl_->config;
  auto store = store::OpenStore(c.database_url);
  if (!store) return store.error();
  impl_->store = std::move(*store);
  if (auto st = impl_->store->Migrate(); !st) return st;

  impl_->fetcher = std::make_unique<fetcher::FetcherClient>(
      c.fetcher_socket, std::chrono::milliseconds(c.fetcher_timeout_ms),
      c.fetcher_client_connections);
  impl_->fetcher_counters = std::make_unique<fetcher::FetcherCountersExport>(*impl_->fetcher);
  impl_->market_http = std::make_unique<net::HttpClient>(OutboundHttpOptions(c));
  // This process's public reads get the same share of each venue's per-address limit as the
  // fetcher's signed reads (exchanges.budget_percent), counted here.
  for (Venue venue : AllVenues()) {
    exchanges::BudgetLimit limit = exchanges::PublishedAddressLimit(venue);
    limit.weight_per_window = limit.weight_per_window * c.budget_percent / 100;
    impl_->public_states.push_back(std::make_unique<exchanges::VenueState>(limit));
  }
  impl_->public_link_options.default_ban_ms = c.default_ban_s * 1000;
  impl_->market = std::make_unique<market::CachedMarketData>(
      [impl = impl_.get()](Venue venue) {
        std::lock_guard lock(impl->market_http_mu);
        auto link = impl->PublicLink(venue);
        return exchanges::LoadInstruments(venue, link, impl->PublicEndpoints());
      },
      SystemClock::Instance(), c.market_data_ttl_s * 1000, c.mark_max_age_s * 1000);

  if (parts.api) {
    web::ApiDeps deps;
    deps.store = impl_->store.get();
    deps.config = &impl_->config;
    deps.clock = &SystemClock::Instance();
    deps.market = impl_->market.get();
    auto wrapper = vault::MakeKeyWrapper(VaultOptionsFor(c, VaultSide::kEncrypt));
    if (!wrapper) return wrapper.error();
    deps.key_wrapper = *wrapper;
    deps.fetcher = [impl = impl_.get()](std::string_view op, boost::json::object fields) {
      return impl->fetcher->Call(op, std::move(fields));
    };
    deps.issue_telegram_link = [impl =
                                    impl_.get()](store::Id user_id) -> Result<web::TelegramLink> {
      auto link =
          notify::IssueLink(impl->store->telegram(), user_id, impl->config.telegram_bot_username,
                            SystemClock::Instance().NowMs(), impl->config.link_token_ttl_s * 1000);
      if (!link) return link.error();
      return web::TelegramLink{link->url, link->expires_at, link->group_url};
    };
    deps.static_files = web::ServeStatic;
    if (!c.metrics_token_file.empty()) {
      auto token = config::ReadSecret(c.metrics_token_file, "", {});
      if (!token) return token.error();
      deps.metrics_token = std::make_shared<const SecretBytes>(std::move(*token));
    }
    if (parts.split) deps.key_split = web::KeySplit{parts.split->enforced, parts.split->detail};
    if (auto st = impl_->StartWebhookHandler(); !st) return st;
    if (impl_->webhook_handler) {
      deps.telegram_update = [handler = impl_->webhook_handler.get()](std::string_view body) {
        return handler->HandleWebhookUpdate(body);
      };
      deps.telegram_webhook_secret = impl_->webhook_secret;
    }
    impl_->api = std::make_unique<web::Api>(std::move(deps));
    net::HttpServerOptions options;
    options.address = c.listen_address;
    options.port = static_cast<std::uint16_t>(c.port);
    options.threads = c.http_threads;
    options.handler_threads = c.http_handler_threads;
    options.max_connections = c.http_max_connections;
    options.max_connections_per_address = c.http_max_connections_per_address;
    options.uncapped_address = c.trusted_proxy;
    options.header_timeout_ms = c.http_header_timeout_ms;
    options.accept_backoff_ms = c.http_accept_backoff_ms;
    options.metrics_name = "api";
    options.tls_cert_file = c.tls_cert_file;
    options.tls_key_file = c.tls_key_file;
    impl_->server = std::make_unique<net::HttpServer>(
        options, [api = impl_->api.get()](const net::HttpRequest& r) { return api->Handle(r); });
    if (auto st = impl_->server->Start(); !st) return st;
    impl_->public_url = c.public_url;
    if (c.port == 0) impl_->public_url = impl_->server->BaseUrl();  // a free port was picked
  }
  if (parts.worker) {
    if (auto st = impl_->StartWorker(); !st) return st;
    impl_->StartMaintenance();
  }
  if (parts.notifier) {
    if (auto st = impl_->StartNotifier(); !st) return st;
  }
  if (!parts.api && !c.metrics_listen.empty()) {
    if (auto st = impl_->StartMetricsServer(); !st) return st;
  }
  return {};
}

void Runtime::Stop() {
  impl_->stop = true;
  // The update poller may sit in a long poll of up to telegram.poll_timeout_s: end it now.
  if (impl_->poll_client) impl_->poll_client->Cancel();
  if (impl_->server) impl_->server->Stop();
  if (impl_->metrics_server) impl_->metrics_server->Stop();
  if (impl_->worker) impl_->worker->Stop();
  if (impl_->streamer) impl_->streamer->Stop();
  if (impl_->tick) impl_->tick->Stop();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  impl_->threads.clear();
}

std::string Runtime::PublicUrl() const {
  return impl_->public_url;
}

Status PrepareDataDir(const config::Config& c, const std::string& config_path) {
  std::error_code ec;
  std::filesystem::create_directories(c.data_dir, ec);
  if (ec)
    return MakeError(ErrorCode::kInternal, "cannot create " + c.data_dir + ": " + ec.message());
  ::chmod(c.data_dir.c_str(), 0700);
  const std::string default_config = c.data_dir + "/baro.toml";
  if (config_path.empty() && !std::filesystem::exists(default_config)) {
    std::ofstream out(default_config);
    out << config::DefaultFileText();
    log::Info("data_dir.config_written", {{"path", default_config}});
  }
  // The local key pair is made by the fetcher (or `keys init`, or serve as root), never here.
  return {};
}

}  // namespace baro::app
