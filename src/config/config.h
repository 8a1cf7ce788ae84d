// Baro's configuration: one TOML file plus environment-variable overrides. Every option is declared
// once in options.cpp with its key, environment variable, default and meaning;
// docs/configuration.md lists them all (a test keeps that list complete). Secrets (bot token, KMS
// credentials) come only from files or the environment, never from the command line or the ordinary
// options.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/secret.h"

namespace baro::config {

struct Config {
  std::string data_dir = "data";

  // HTTP server (web page and JSON API).
  std::string listen_address = "127.0.0.1";
  int port = 8080;
  std::string public_url;  // how users reach the page; default http://<listen>:<port>
  int http_threads = 4;
  std::string tls_cert_file;
  std::string tls_key_file;
  std::int64_t hsts_max_age_s = 31536000;  // Strict-Transport-Security under HTTPS; 0: none
  std::string metrics_token_file;          // bearer token for /metrics; empty: not served
  int http_handler_threads = 8;
  int http_max_connections = 512;
  int http_max_connections_per_address = 32;
  std::int64_t http_header_timeout_ms = 10000;
  std::int64_t http_accept_backoff_ms = 100;

  std::string database_url;  // default sqlite://<data_dir>/baro.db

  // Accounts.
  std::int64_t session_ttl_s = 7 * 24 * 3600;
  int login_max_attempts = 5;
  std::int64_t login_window_s = 300;
  int min_password_length = 10;
  // Per-position threshold overrides one connection may keep (PATCH /positions/thresholds).
  int max_position_overrides = 100;
  int signup_max_attempts = 5;
  std::int64_t signup_window_s = 3600;
  int password_threads = 2;
  int password_queue = 4;
  int limiter_max_keys = 100000;
  std::string trusted_proxy;  // X-Forwarded-For is honoured only from this peer address

  // Telegram.
  std::string telegram_api_base = "https://api.telegram.org";
  std::string telegram_bot_username = "baro_alerts_bot";
  std::string telegram_bot_token_file;  // or env BARO_TELEGRAM_BOT_TOKEN
  std::int64_t link_token_ttl_s = 900;
  int telegram_poll_timeout_s = 50;
  std::int64_t telegram_per_chat_interval_ms = 1000;
  double telegram_global_rate_per_s = 30;
  std::int64_t telegram_retry_backoff_ms = 2000;
  std::int64_t telegram_retry_backoff_max_ms = 300000;
  int telegram_max_attempts = 20;
  int telegram_alerts_listed = 10;                   // /alerts
  int telegram_status_max_messages = 5;              // /status, /positions
  std::int64_t telegram_mute_max_s = 7 * 24 * 3600;  // /mute
  int telegram_digest_queue_max = 50;                // pending messages one digest may take
  int telegram_group_per_minute = 20;                // messages to one group in any 60 s
  std::string telegram_webhook_url;                  // "": long polling
  std::string telegram_webhook_secret_file;          // or env BARO_TELEGRAM_WEBHOOK_SECRET
  int telegram_webhook_max_connections = 40;
  std::int64_t telegram_snooze_s = 3600;  // the alert button's snooze
  std::int64_t outbox_tick_ms = 500;

  // Worker and scheduling.
  std::int64_t check_interval_s = 150;
  double check_jitter = 0.2;  // +-fraction of the interval, spreads checks evenly
  std::int64_t lease_s = 120;
  int worker_threads = 8;
  std::int64_t scheduler_tick_ms = 1000;
  std::int64_t max_defer_s = 600;
  // Re-assessment on streamed marks between checks (worker/tick_assessor.h, docs/streams.md).
  std::int64_t tick_monitors = 20000;
  std::int64_t tick_min_interval_ms = 250;
  int failures_before_attention = 3;
  std::int64_t tier_lifetime_s = 24 * 3600;
  std::int64_t tier_cache_max_symbols = 4096;
  std::int64_t threshold_cache_connections = 10000;
  std::int64_t alert_confirm_s = 0;
  std::int64_t fetcher_watch_ms = 1000;
  std::int64_t fetcher_restart_backoff_max_ms = 60'000;
  std::int64_t history_retention_s = 24 * 3600;

  // Exchanges: base URLs of every public and private host.
  std::string hyperliquid_api = "https://api.hyperliquid.xyz";
  std::string binance_futures_api = "https://fapi.binance.com";
  std::string binance_coin_futures_api;  // empty: exchanges::BinanceCoinFuturesBase
  std::string binance_spot_api = "https://api.binance.com";
  std::string bybit_api = "https://api.bybit.com";
  std::string okx_api = "https://www.okx.com";
  std::string bitget_api = "https://api.bitget.com";
  std::string gate_api = "https://api.gateio.ws";
  std::string kucoin_futures_api = "https://api-futures.kucoin.com";
  std::string kucoin_spot_api = "https://api.kucoin.com";
  std::int64_t market_data_ttl_s = 20;
  std::int64_t mark_max_age_s = 300;
  std::int64_t market_list_ttl_s = 3600;  // the API's per-venue symbol lists (symbol picker)
  std::int64_t recv_window_ms = 5000;
  std::int64_t budget_percent = 80;
  std::int64_t default_ban_s = 60;
  std::int64_t contract_lifetime_s = 24 * 3600;
  std::int64_t hyperliquid_dex_rescan_s = 600;
  // Rarely-changing account reads kept between reads (docs/exchanges.md "What is kept").
  std::int64_t account_config_refresh_s = 3600;
  std::int64_t account_config_max_age_s = 6 * 3600;
  std::int64_t tiers_refresh_s = 24 * 3600;
  std::int64_t tiers_max_age_s = 3 * 24 * 3600;
  std::int64_t unwatched_refresh_s = 600;
  std::int64_t unwatched_max_age_s = 3600;
  std::int64_t account_cache_entries = 20000;

  // Public mark-price streams (docs/streams.md).
  bool stream_enabled = false;
  std::string stream_hyperliquid_url = "wss://api.hyperliquid.xyz/ws";
  std::string stream_binance_url = "wss://fstream.binance.com/market/ws";
  std::string stream_bybit_url = "wss://stream.bybit.com/v5/public/linear";
  std::string stream_okx_url = "wss://ws.okx.com:8443/ws/v5/public";
  std::string stream_bitget_url = "wss://ws.bitget.com/v2/ws/public";
  std::string stream_gate_url = "wss://fx-ws.gateio.ws/v4/ws/usdt";
  std::string stream_kucoin_token_api = "https://api-futures.kucoin.com";
  std::int64_t stream_stale_after_ms = 20000;
  std::int64_t stream_silence_reconnect_ms = 30000;
  std::int64_t stream_ping_interval_ms = 15000;
  std::int64_t stream_reconnect_backoff_ms = 1000;
  std::int64_t stream_reconnect_backoff_max_ms = 60000;
  std::int64_t stream_max_message_bytes = 1 << 20;
  std::int64_t stream_max_symbols = 5000;
  int stream_max_connections_per_venue = 8;

  // Outbound HTTP (exchanges, Telegram, KMS).
  std::string egress_bind_address;
  std::string egress_bind_addresses;  // comma-separated; the fetcher's account reads
  std::string egress_public_address;
  std::string egress_proxy;
  std::string egress_ca_file;
  std::int64_t http_connect_timeout_ms = 5000;
  std::int64_t http_request_timeout_ms = 10000;
  std::int64_t http_idle_timeout_ms = 30000;

  // Key vault.
  std::string kms = "local";         // local | gcp-kms | vault-transit
  std::string kek_public_key_file;   // default <data_dir>/keys/kek.pub
  std::string kek_private_key_file;  // default <fetcher_dir>/kek.key (fetcher only)
  std::string gcp_kms_endpoint = "https://cloudkms.googleapis.com";
  std::string gcp_kms_key_name;
  std::string gcp_token_endpoint = "https://oauth2.googleapis.com/token";
  std::string gcp_metadata_url = "http://metadata.google.internal";
  std::string gcp_encrypter_credentials_file;
  std::string gcp_decrypter_credentials_file;
  std::string vault_address = "http://127.0.0.1:8200";
  std::string vault_transit_key = "baro";
  std::string vault_encrypt_token_file;
  std::string vault_decrypt_token_file;
  bool gcp_allow_shared_identity = false;  // serve: one Google identity for both sides

  // Fetcher process.
  std::string fetcher_dir;           // default <data_dir>-fetcher: the fetcher's own files
  std::string fetcher_socket;        // default <fetcher_dir>/fetcher.sock
  std::string fetcher_socket_group;  // group given access to the socket (mode 0660)

  // Users of `serve` when started as root.
  std::string serve_split = "auto";  // auto | required | off
  std::string serve_fetcher_user = "baro-fetcher";
  std::string serve_api_user = "baro";
  std::int64_t fetcher_timeout_ms = 15000;
  int fetcher_threads = 8;
  int fetcher_max_connections = 64;
  std::int64_t fetcher_idle_timeout_ms = 60000;
  std::int64_t fetcher_receive_timeout_ms = 5000;
  int fetcher_client_connections = 8;

  // Metrics of processes without the API (worker, notifier): "address:port"; empty: none.
  std::string metrics_listen;

  std::string log_level = "info";
  std::int64_t locked_arena_kib = 1024;      // vault.locked_arena_kib (core/secret_arena.h)
  std::int64_t log_max_scoped_secrets = 96;  // log::kDefaultScopedSecretCapacity

  // Fills defaults that depend on other options (paths under data_dir, public_url).
  void Resolve();

  // The local addresses the fetcher's account reads leave from: egress.bind_addresses, else
  // egress.bind_address alone; empty when neither is set (the system chooses).
  std::vector<std::string> EgressAddresses() const;
  // The addresses users allow-list: egress.public_address (a list), else EgressAddresses().
  std::vector<std::string> AllowListAddresses() const;
};

struct OptionSpec {
  std::string_view key;          // "worker.check_interval_s" (TOML: [worker] check_interval_s)
  std::string_view env;          // "BARO_WORKER_CHECK_INTERVAL_S"
  std::string_view description;  // one line, for the docs
  std::function<Status(Config&, std::string_view)> set;
  std::function<std::string(const Config&)> get;
};

const std::vector<OptionSpec>& Options();

// Loads defaults, then the TOML file (if `path` is non-empty), then the environment. Unknown keys
// and unparsable values are errors naming the key.
Result<Config> Load(const std::string& path, const std::map<std::string, std::string>& env);
std::map<std::string, std::string> ProcessEnvironment();

// Writes a commented config file with every option at its default (for a new data directory).
std::string DefaultFileText();

// The Markdown table of every option (docs/configuration.md embeds it; a test keeps them equal).
std::string OptionsMarkdown();

// Secrets, from a file (first line) or an environment variable. Empty when neither is set.
Result<SecretBytes> ReadSecret(const std::string& file, std::string_view env_name,
                               const std::map<std::string, std::string>& env);

}  // namespace baro::config
