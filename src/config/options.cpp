// The one list of every configuration option.
#include <charconv>
#include <cmath>

#include "config/config.h"

namespace baro::config {
namespace {

template <typename T>
using Member = T Config::*;

Status Bad(std::string_view key, std::string_view why) {
  return MakeError(ErrorCode::kInvalidInput,
                   "config option " + std::string(key) + ": " + std::string(why));
}

OptionSpec Str(std::string_view key, std::string_view env, Member<std::string> m,
               std::string_view description) {
  return {key, env, description,
          [m](Config& c, std::string_view v) -> Status {
            c.*m = std::string(v);
            return {};
          },
          [m](const Config& c) { return c.*m; }};
}

template <typename Int>
OptionSpec Integer(std::string_view key, std::string_view env, Member<Int> m, Int min,
                   std::string_view description) {
  return {key, env, description,
          [=](Config& c, std::string_view v) -> Status {
            Int out{};
            auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
            if (ec != std::errc() || p != v.data() + v.size())
              return Bad(key, "not a whole number");
            if (out < min) return Bad(key, "must be at least " + std::to_string(min));
            c.*m = out;
            return {};
          },
          [m](const Config& c) { return std::to_string(c.*m); }};
}

OptionSpec Flag(std::string_view key, std::string_view env, Member<bool> m,
                std::string_view description) {
  return {key, env, description,
          [=](Config& c, std::string_view v) -> Status {
            if (v != "true" && v != "false") return Bad(key, "must be true or false");
            c.*m = v == "true";
            return {};
          },
          [m](const Config& c) { return std::string(c.*m ? "true" : "false"); }};
}

OptionSpec Real(std::string_view key, std::string_view env, Member<double> m, double min,
                double max, std::string_view description) {
  return {key, env, description,
          [=](Config& c, std::string_view v) -> Status {
            double out = 0;
            auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
            if (ec != std::errc() || p != v.data() + v.size() || !std::isfinite(out)) {
              return Bad(key, "not a number");
            }
            if (out < min || out > max) return Bad(key, "out of range");
            c.*m = out;
            return {};
          },
          [m](const Config& c) {
            std::string s = std::to_string(c.*m);
            while (s.size() > 1 && s.back() == '0') s.pop_back();
            if (s.back() == '.') s.push_back('0');
            return s;
          }};
}

std::vector<OptionSpec> Build() {
  using C = Config;
  return {
      Str("data_dir", "BARO_DATA_DIR", &C::data_dir,
          "Directory for the database, keys and socket."),
      Str("server.listen", "BARO_SERVER_LISTEN", &C::listen_address,
          "Address the HTTP server binds."),
      Integer("server.port", "BARO_SERVER_PORT", &C::port, 0, "HTTP port (0 picks a free port)."),
      Str("server.public_url", "BARO_SERVER_PUBLIC_URL", &C::public_url,
          "URL users open; default http://<listen>:<port>."),
      Integer("server.threads", "BARO_SERVER_THREADS", &C::http_threads, 1, "HTTP server threads."),
      Str("server.tls_cert_file", "BARO_SERVER_TLS_CERT_FILE", &C::tls_cert_file,
          "PEM certificate; with the key, serve HTTPS (cookies become Secure)."),
      Str("server.tls_key_file", "BARO_SERVER_TLS_KEY_FILE", &C::tls_key_file, "PEM private key."),
      Integer("server.hsts_max_age_s", "BARO_SERVER_HSTS_MAX_AGE_S", &C::hsts_max_age_s,
              std::int64_t{0},
              "max-age of the Strict-Transport-Security header sent when the page is served over "
              "HTTPS (server.tls_cert_file set, or an https:// server.public_url); 0 sends none."),
      Str("server.metrics_token_file", "BARO_SERVER_METRICS_TOKEN_FILE", &C::metrics_token_file,
          "File (mode 0600) holding the bearer token /metrics requires "
          "(Authorization: Bearer <token>); empty: /metrics is not served."),
      Integer("server.handler_threads", "BARO_SERVER_HANDLER_THREADS", &C::http_handler_threads, 1,
              "Threads that run request handlers (database work), apart from the I/O threads."),
      Integer("server.max_connections", "BARO_SERVER_MAX_CONNECTIONS", &C::http_max_connections, 1,
              "Open HTTP connections at most; further ones are closed at once."),
      Integer("server.max_connections_per_address", "BARO_SERVER_MAX_CONNECTIONS_PER_ADDRESS",
              &C::http_max_connections_per_address, 1,
              "Open HTTP connections at most from one client address."),
      Integer("server.header_timeout_ms", "BARO_SERVER_HEADER_TIMEOUT_MS",
              &C::http_header_timeout_ms, std::int64_t{100},
              "How long a connection may take to send a request's headers (also the keep-alive "
              "idle time)."),
      Integer("server.accept_backoff_ms", "BARO_SERVER_ACCEPT_BACKOFF_MS",
              &C::http_accept_backoff_ms, std::int64_t{1},
              "Pause before accepting again when the process is out of descriptors (EMFILE)."),
      Str("database.url", "BARO_DATABASE_URL", &C::database_url,
          "sqlite:///path/baro.db (default <data_dir>/baro.db) or postgresql://...; either takes "
          "?baro_pool_size=N (connections per process; default 1 for SQLite, 4 for PostgreSQL; "
          "docs/storage.md)."),
      Integer("auth.session_ttl_s", "BARO_AUTH_SESSION_TTL_S", &C::session_ttl_s, std::int64_t{60},
              "Log-in session lifetime."),
      Integer("auth.login_max_attempts", "BARO_AUTH_LOGIN_MAX_ATTEMPTS", &C::login_max_attempts, 1,
              "Failed log-ins allowed per email and per address within the window."),
      Integer("auth.login_window_s", "BARO_AUTH_LOGIN_WINDOW_S", &C::login_window_s,
              std::int64_t{1}, "Window for counting failed log-ins."),
      Integer("alerts.max_position_overrides", "BARO_ALERTS_MAX_POSITION_OVERRIDES",
              &C::max_position_overrides, 1,
              "Most positions of one connection that may have thresholds of their own; one more "
              "is refused with 400 (clear one first)."),
      Integer("auth.min_password_length", "BARO_AUTH_MIN_PASSWORD_LENGTH", &C::min_password_length,
              8, "Shortest password accepted at sign-up."),
      Integer("auth.signup_max_attempts", "BARO_AUTH_SIGNUP_MAX_ATTEMPTS", &C::signup_max_attempts,
              1, "Sign-ups allowed per client address within the window."),
      Integer("auth.signup_window_s", "BARO_AUTH_SIGNUP_WINDOW_S", &C::signup_window_s,
              std::int64_t{1}, "Window for counting sign-ups."),
      Integer("auth.password_threads", "BARO_AUTH_PASSWORD_THREADS", &C::password_threads, 1,
              "Threads that hash and verify passwords (argon2id), apart from the HTTP threads."),
      Integer("auth.password_queue", "BARO_AUTH_PASSWORD_QUEUE", &C::password_queue, 0,
              "Password jobs that may wait for a thread; more are refused with 503."),
      Integer("auth.limiter_max_keys", "BARO_AUTH_LIMITER_MAX_KEYS", &C::limiter_max_keys, 16,
              "Emails and addresses the sign-up and log-in limits remember at most."),
      Str("auth.trusted_proxy", "BARO_AUTH_TRUSTED_PROXY", &C::trusted_proxy,
          "Address of the reverse proxy in front of Baro; X-Forwarded-For is honoured only from "
          "it. Empty: never."),
      Str("telegram.api_base", "BARO_TELEGRAM_API_BASE", &C::telegram_api_base,
          "Bot API base URL (a self-hosted Bot API server or a test fake)."),
      Str("telegram.bot_username", "BARO_TELEGRAM_BOT_USERNAME", &C::telegram_bot_username,
          "The bot's username, for deep links."),
      Str("telegram.bot_token_file", "BARO_TELEGRAM_BOT_TOKEN_FILE", &C::telegram_bot_token_file,
          "File holding the bot token (or set BARO_TELEGRAM_BOT_TOKEN)."),
      Integer("telegram.link_token_ttl_s", "BARO_TELEGRAM_LINK_TOKEN_TTL_S", &C::link_token_ttl_s,
              std::int64_t{10}, "Lifetime of a /start link token."),
      Integer("telegram.poll_timeout_s", "BARO_TELEGRAM_POLL_TIMEOUT_S",
              &C::telegram_poll_timeout_s, 0, "getUpdates long-poll timeout (at most 50)."),
      Integer("telegram.per_chat_interval_ms", "BARO_TELEGRAM_PER_CHAT_INTERVAL_MS",
              &C::telegram_per_chat_interval_ms, std::int64_t{0},
              "Least spacing between two messages to one chat."),
      Real("telegram.global_rate_per_s", "BARO_TELEGRAM_GLOBAL_RATE_PER_S",
           &C::telegram_global_rate_per_s, 0.1, 1000, "Messages per second across all chats."),
      Integer("telegram.retry_backoff_ms", "BARO_TELEGRAM_RETRY_BACKOFF_MS",
              &C::telegram_retry_backoff_ms, std::int64_t{1},
              "First retry delay after a failed send."),
      Integer("telegram.retry_backoff_max_ms", "BARO_TELEGRAM_RETRY_BACKOFF_MAX_MS",
              &C::telegram_retry_backoff_max_ms, std::int64_t{1}, "Longest retry delay."),
      Integer("telegram.max_attempts", "BARO_TELEGRAM_MAX_ATTEMPTS", &C::telegram_max_attempts, 1,
              "Send attempts before a message is marked failed."),
      Integer("telegram.outbox_tick_ms", "BARO_TELEGRAM_OUTBOX_TICK_MS", &C::outbox_tick_ms,
              std::int64_t{10}, "How often the sender looks for pending messages."),
      Integer("telegram.alerts_listed", "BARO_TELEGRAM_ALERTS_LISTED", &C::telegram_alerts_listed,
              1, "How many of the latest alerts the bot's /alerts lists (at most 100)."),
      Integer("telegram.status_max_messages", "BARO_TELEGRAM_STATUS_MAX_MESSAGES",
              &C::telegram_status_max_messages, 1,
              "Messages one /status or /positions answer may take; a longer list ends with a note "
              "to narrow it."),
      Integer("telegram.mute_max_s", "BARO_TELEGRAM_MUTE_MAX_S", &C::telegram_mute_max_s,
              std::int64_t{60}, "The longest /mute the bot accepts."),
      Integer("telegram.digest_queue_max", "BARO_TELEGRAM_DIGEST_QUEUE_MAX",
              &C::telegram_digest_queue_max, 0,
              "Warnings, recoveries and notices waiting anywhere in the outbox for one chat that "
              "one digest message may take at most (0: only those claimed in the same pass)."),
      Integer("telegram.group_per_minute", "BARO_TELEGRAM_GROUP_PER_MINUTE",
              &C::telegram_group_per_minute, 0,
              "Messages to one group chat in any 60 s, beside the per-chat interval; Telegram "
              "allows 20 (https://core.telegram.org/bots/faq). Emergencies take the group's free "
              "slots first. 0: no group limit."),
      Str("telegram.webhook_url", "BARO_TELEGRAM_WEBHOOK_URL", &C::telegram_webhook_url,
          "HTTPS URL of this server's /api/v1/telegram/webhook for Telegram to post updates to "
          "(setWebhook). Empty: long polling with getUpdates."),
      Str("telegram.webhook_secret_file", "BARO_TELEGRAM_WEBHOOK_SECRET_FILE",
          &C::telegram_webhook_secret_file,
          "File holding the webhook's secret token, 1-256 of A-Z a-z 0-9 _ - (or set "
          "BARO_TELEGRAM_WEBHOOK_SECRET); required with telegram.webhook_url."),
      Integer("telegram.webhook_max_connections", "BARO_TELEGRAM_WEBHOOK_MAX_CONNECTIONS",
              &C::telegram_webhook_max_connections, 1,
              "Simultaneous webhook connections Telegram may open (1-100)."),
      Integer("telegram.snooze_s", "BARO_TELEGRAM_SNOOZE_S", &C::telegram_snooze_s,
              std::int64_t{60},
              "How long the alert button \"Snooze\" holds a position's alerts back."),
      Integer("worker.check_interval_s", "BARO_WORKER_CHECK_INTERVAL_S", &C::check_interval_s,
              std::int64_t{1},
              "How often each connection and each user's hand-entered positions are checked."),
      Real("worker.check_jitter", "BARO_WORKER_CHECK_JITTER", &C::check_jitter, 0, 0.5,
           "Random spread of the next check, as a fraction of the interval."),
      Integer("worker.lease_s", "BARO_WORKER_LEASE_S", &C::lease_s, std::int64_t{1},
              "How long a worker holds a check before another may take it over."),
      Integer(
          "worker.threads", "BARO_WORKER_THREADS", &C::worker_threads, 1,
          "Checks run in parallel per worker process. A check mostly waits on the venue: raise it "
          "with fetcher.threads and fetcher.client_connections for thousands of connections "
          "(docs/performance.md, \"Soak\")."),
      Integer("worker.scheduler_tick_ms", "BARO_WORKER_SCHEDULER_TICK_MS", &C::scheduler_tick_ms,
              std::int64_t{10}, "How often a worker looks for due checks."),
      Integer("worker.max_defer_s", "BARO_WORKER_MAX_DEFER_S", &C::max_defer_s, std::int64_t{1},
              "Longest a venue's rate-limit answer (Retry-After or its reset time) may put off "
              "the next check of that connection."),
      Integer("worker.tick_monitors", "BARO_WORKER_TICK_MONITORS", &C::tick_monitors,
              std::int64_t{1},
              "With stream.enabled: how many checked monitors a worker keeps to judge again on "
              "each streamed mark change (the least recently checked leave first)."),
      Integer("worker.tick_min_interval_ms", "BARO_WORKER_TICK_MIN_INTERVAL_MS",
              &C::tick_min_interval_ms, std::int64_t{10},
              "With stream.enabled: the shortest time between two re-assessments of one monitor "
              "on streamed marks; marks arriving meanwhile are folded into the next."),
      Integer(
          "worker.failures_before_attention", "BARO_WORKER_FAILURES_BEFORE_ATTENTION",
          &C::failures_before_attention, 1,
          "Consecutive failed reads before a connection needs attention (the user is told once)."),
      Integer("worker.history_retention_s", "BARO_WORKER_HISTORY_RETENTION_S",
              &C::history_retention_s, std::int64_t{60},
              "How long distance-to-liquidation history is kept."),
      Str("exchanges.hyperliquid_api", "BARO_EXCHANGES_HYPERLIQUID_API", &C::hyperliquid_api,
          "HyperLiquid API base URL."),
      Str("exchanges.binance_futures_api", "BARO_EXCHANGES_BINANCE_FUTURES_API",
          &C::binance_futures_api, "Binance USD-M futures base URL."),
      Str("exchanges.binance_coin_futures_api", "BARO_EXCHANGES_BINANCE_COIN_FUTURES_API",
          &C::binance_coin_futures_api,
          "Binance COIN-M futures base URL (open positions there are counted, not watched). "
          "Empty: https://dapi.binance.com while exchanges.binance_futures_api is Binance's own "
          "host, else exchanges.binance_futures_api (a relay serving both)."),
      Str("exchanges.binance_spot_api", "BARO_EXCHANGES_BINANCE_SPOT_API", &C::binance_spot_api,
          "Binance spot/SAPI base URL (key permissions)."),
      Str("exchanges.bybit_api", "BARO_EXCHANGES_BYBIT_API", &C::bybit_api, "Bybit v5 base URL."),
      Str("exchanges.okx_api", "BARO_EXCHANGES_OKX_API", &C::okx_api, "OKX v5 base URL."),
      Str("exchanges.bitget_api", "BARO_EXCHANGES_BITGET_API", &C::bitget_api,
          "Bitget v2 base URL."),
      Str("exchanges.gate_api", "BARO_EXCHANGES_GATE_API", &C::gate_api,
          "Gate v4 base URL (paths start with /api/v4)."),
      Str("exchanges.kucoin_futures_api", "BARO_EXCHANGES_KUCOIN_FUTURES_API",
          &C::kucoin_futures_api, "KuCoin Futures base URL."),
      Str("exchanges.kucoin_spot_api", "BARO_EXCHANGES_KUCOIN_SPOT_API", &C::kucoin_spot_api,
          "KuCoin spot base URL (key permissions)."),
      Integer("exchanges.recv_window_ms", "BARO_EXCHANGES_RECV_WINDOW_MS", &C::recv_window_ms,
              std::int64_t{100},
              "How long a signed request stays valid, on venues that take a receive window."),
      Integer("exchanges.budget_percent", "BARO_EXCHANGES_BUDGET_PERCENT", &C::budget_percent,
              std::int64_t{1},
              "Share (percent) of each venue's published per-address request limit Baro uses."),
      Integer("exchanges.default_ban_s", "BARO_EXCHANGES_DEFAULT_BAN_S", &C::default_ban_s,
              std::int64_t{1},
              "How long Baro stays away after a 429/418 that carries no Retry-After."),
      Integer("exchanges.contract_lifetime_s", "BARO_EXCHANGES_CONTRACT_LIFETIME_S",
              &C::contract_lifetime_s, std::int64_t{1},
              "How long a venue's contract sizes are reused before they are read again."),
      Integer("exchanges.hyperliquid_dex_rescan_s", "BARO_EXCHANGES_HYPERLIQUID_DEX_RESCAN_S",
              &C::hyperliquid_dex_rescan_s, std::int64_t{1},
              "How often an address is read on every HIP-3 dex; between scans only on the dexes "
              "where it held something."),
      Integer("exchanges.account_config_refresh_s", "BARO_EXCHANGES_ACCOUNT_CONFIG_REFRESH_S",
              &C::account_config_refresh_s, std::int64_t{1},
              "How long an account's leverage settings and margin/account mode (Binance "
              "symbolConfig and accountConfig, Bybit account/info) are reused before they are "
              "read again; a newly held symbol reads them at once."),
      Integer("exchanges.account_config_max_age_s", "BARO_EXCHANGES_ACCOUNT_CONFIG_MAX_AGE_S",
              &C::account_config_max_age_s, std::int64_t{1},
              "While their refresh fails, kept leverage settings and modes serve until this old; "
              "then the read fails. At least exchanges.account_config_refresh_s."),
      Integer("exchanges.tiers_refresh_s", "BARO_EXCHANGES_TIERS_REFRESH_S", &C::tiers_refresh_s,
              std::int64_t{1},
              "How long an account's own maintenance brackets (Binance leverageBracket) are "
              "reused; a newly held symbol reads them at once."),
      Integer("exchanges.tiers_max_age_s", "BARO_EXCHANGES_TIERS_MAX_AGE_S", &C::tiers_max_age_s,
              std::int64_t{1},
              "While their refresh fails, kept brackets serve until this old. At least "
              "exchanges.tiers_refresh_s."),
      Integer("exchanges.unwatched_refresh_s", "BARO_EXCHANGES_UNWATCHED_REFRESH_S",
              &C::unwatched_refresh_s, std::int64_t{1},
              "How often the open positions of products Baro does not read (Binance COIN-M, "
              "Bybit inverse, Bitget COIN-FUTURES, Gate BTC-settled) are counted for the user."),
      Integer("exchanges.unwatched_max_age_s", "BARO_EXCHANGES_UNWATCHED_MAX_AGE_S",
              &C::unwatched_max_age_s, std::int64_t{1},
              "While counting them fails, the last count serves until this old. At least "
              "exchanges.unwatched_refresh_s."),
      Integer("exchanges.account_cache_entries", "BARO_EXCHANGES_ACCOUNT_CACHE_ENTRIES",
              &C::account_cache_entries, std::int64_t{1},
              "Most connections whose rarely-changing answers the fetcher keeps, per venue and "
              "egress address; the least recently read is forgotten first."),
      Integer("worker.alert_confirm_s", "BARO_WORKER_ALERT_CONFIRM_S", &C::alert_confirm_s,
              std::int64_t{0},
              "How long a warning or critical level must hold before it is announced (0: at once; "
              "emergency always at once). Users may override it."),
      Integer("worker.tier_lifetime_s", "BARO_WORKER_TIER_LIFETIME_S", &C::tier_lifetime_s,
              std::int64_t{1},
              "How long a venue's maintenance tiers are used before they are read again."),
      Integer("worker.tier_cache_max_symbols", "BARO_WORKER_TIER_CACHE_MAX_SYMBOLS",
              &C::tier_cache_max_symbols, std::int64_t{1},
              "How many symbols' maintenance tiers the worker keeps, per source (venues' public "
              "tiers, connected accounts' own); the oldest read goes first."),
      Integer("worker.threshold_cache_connections", "BARO_WORKER_THRESHOLD_CACHE_CONNECTIONS",
              &C::threshold_cache_connections, std::int64_t{1},
              "How many connections' parsed threshold overrides the worker keeps (parsed again "
              "only after they change); the least recently checked goes first."),
      Integer("exchanges.market_data_ttl_s", "BARO_EXCHANGES_MARKET_DATA_TTL_S",
              &C::market_data_ttl_s, std::int64_t{0}, "How long fetched mark prices are reused."),
      Integer(
          "exchanges.mark_max_age_s", "BARO_EXCHANGES_MARK_MAX_AGE_S", &C::mark_max_age_s,
          std::int64_t{1},
          "How old a mark price may be when a venue cannot be read again: past it, hand-entered "
          "positions show \"price unavailable since <time>\" and are not judged."),
      Integer("exchanges.market_list_ttl_s", "BARO_EXCHANGES_MARKET_LIST_TTL_S",
              &C::market_list_ttl_s, std::int64_t{1},
              "How long the API keeps each venue's list of perpetual symbols (the symbol picker "
              "of the hand-entered position form) before reading the venue's public table "
              "again; one list per venue."),
      Flag("stream.enabled", "BARO_STREAM_ENABLED", &C::stream_enabled,
           "Workers also follow the venues' public mark-price streams for the symbols of the "
           "positions they watch (docs/streams.md)."),
      Str("stream.hyperliquid_url", "BARO_STREAM_HYPERLIQUID_URL", &C::stream_hyperliquid_url,
          "HyperLiquid WebSocket URL (activeAssetCtx per coin)."),
      Str("stream.binance_url", "BARO_STREAM_BINANCE_URL", &C::stream_binance_url,
          "Binance USD-M market-stream WebSocket URL (<symbol>@markPrice@1s, subscribed live)."),
      Str("stream.bybit_url", "BARO_STREAM_BYBIT_URL", &C::stream_bybit_url,
          "Bybit v5 public linear WebSocket URL (tickers.<symbol>)."),
      Str("stream.okx_url", "BARO_STREAM_OKX_URL", &C::stream_okx_url,
          "OKX v5 public WebSocket URL (mark-price channel)."),
      Str("stream.bitget_url", "BARO_STREAM_BITGET_URL", &C::stream_bitget_url,
          "Bitget v2 public WebSocket URL (ticker channel, USDT-FUTURES)."),
      Str("stream.gate_url", "BARO_STREAM_GATE_URL", &C::stream_gate_url,
          "Gate USDT futures WebSocket URL (futures.tickers)."),
      Str("stream.kucoin_token_api", "BARO_STREAM_KUCOIN_TOKEN_API", &C::stream_kucoin_token_api,
          "KuCoin Futures REST base URL asked for a public stream token (POST "
          "/api/v1/bullet-public); the WebSocket address comes with the token."),
      Integer("stream.stale_after_ms", "BARO_STREAM_STALE_AFTER_MS", &C::stream_stale_after_ms,
              std::int64_t{1000},
              "How old a streamed mark may be before lookups report it stale and the REST mark "
              "is used instead."),
      Integer("stream.silence_reconnect_ms", "BARO_STREAM_SILENCE_RECONNECT_MS",
              &C::stream_silence_reconnect_ms, std::int64_t{1000},
              "A stream connection that receives nothing for this long is closed and opened "
              "again."),
      Integer("stream.ping_interval_ms", "BARO_STREAM_PING_INTERVAL_MS",
              &C::stream_ping_interval_ms, std::int64_t{1000},
              "How often a keep-alive ping is sent on venues that want one from the client "
              "(shorter when the venue asks for less, as KuCoin's token answer does)."),
      Integer("stream.reconnect_backoff_ms", "BARO_STREAM_RECONNECT_BACKOFF_MS",
              &C::stream_reconnect_backoff_ms, std::int64_t{1},
              "First wait before a failed stream connection is tried again; doubled per failure, "
              "with jitter."),
      Integer("stream.reconnect_backoff_max_ms", "BARO_STREAM_RECONNECT_BACKOFF_MAX_MS",
              &C::stream_reconnect_backoff_max_ms, std::int64_t{1},
              "Longest wait between attempts to reconnect a stream."),
      Integer("stream.max_message_bytes", "BARO_STREAM_MAX_MESSAGE_BYTES",
              &C::stream_max_message_bytes, std::int64_t{4096},
              "Largest stream message accepted; a larger one closes the connection."),
      Integer("stream.max_symbols", "BARO_STREAM_MAX_SYMBOLS", &C::stream_max_symbols,
              std::int64_t{1},
              "Most (venue, symbol) pairs one process streams and caches; the rest use REST "
              "marks."),
      Integer("stream.max_connections_per_venue", "BARO_STREAM_MAX_CONNECTIONS_PER_VENUE",
              &C::stream_max_connections_per_venue, 1,
              "Most stream connections one process opens to one venue (each venue also has its "
              "own cap, docs/streams.md)."),
      Str("egress.public_address", "BARO_EGRESS_PUBLIC_ADDRESS", &C::egress_public_address,
          "The address venues see Baro's calls come from (after NAT or a proxy), shown to users "
          "for their key's IP allow-list; comma-separated when there are several. Default: "
          "egress.bind_addresses, else egress.bind_address."),
      Str("egress.bind_address", "BARO_EGRESS_BIND_ADDRESS", &C::egress_bind_address,
          "Local address all outbound calls leave from (the address users allow-list)."),
      Str("egress.bind_addresses", "BARO_EGRESS_BIND_ADDRESSES", &C::egress_bind_addresses,
          "Comma-separated local addresses the fetcher's account reads leave from, each with "
          "its own request budget per venue; a connection always reads from the same one "
          "(docs/exchanges.md). Users allow-list all of them. Default: egress.bind_address."),
      Str("egress.proxy", "BARO_EGRESS_PROXY", &C::egress_proxy,
          "HTTP CONNECT proxy for outbound HTTPS (http://host:port)."),
      Str("egress.ca_file", "BARO_EGRESS_CA_FILE", &C::egress_ca_file,
          "Extra CA bundle trusted for outbound TLS, besides the system store."),
      Integer("egress.connect_timeout_ms", "BARO_EGRESS_CONNECT_TIMEOUT_MS",
              &C::http_connect_timeout_ms, std::int64_t{1}, "Outbound connect timeout."),
      Integer("egress.request_timeout_ms", "BARO_EGRESS_REQUEST_TIMEOUT_MS",
              &C::http_request_timeout_ms, std::int64_t{1}, "Outbound request timeout."),
      Integer("egress.idle_timeout_ms", "BARO_EGRESS_IDLE_TIMEOUT_MS", &C::http_idle_timeout_ms,
              std::int64_t{1},
              "A kept-alive outbound connection idle longer than this is closed instead of "
              "reused (at its client's next use; the fetcher's, whenever a read of that venue "
              "ends)."),
      Str("vault.kms", "BARO_VAULT_KMS", &C::kms,
          "Key-encryption back-end: local, gcp-kms or vault-transit."),
      Str("vault.public_key_file", "BARO_VAULT_PUBLIC_KEY_FILE", &C::kek_public_key_file,
          "local: the X25519 public key (storing side). Default <data_dir>/keys/kek.pub."),
      Str("vault.private_key_file", "BARO_VAULT_PRIVATE_KEY_FILE", &C::kek_private_key_file,
          "local: the X25519 private key, read by the fetcher only. Default "
          "<fetcher.dir>/kek.key, outside the data directory."),
      Str("vault.gcp_endpoint", "BARO_VAULT_GCP_ENDPOINT", &C::gcp_kms_endpoint,
          "Cloud KMS base URL."),
      Str("vault.gcp_key_name", "BARO_VAULT_GCP_KEY_NAME", &C::gcp_kms_key_name,
          "projects/P/locations/L/keyRings/R/cryptoKeys/K."),
      Str("vault.gcp_token_endpoint", "BARO_VAULT_GCP_TOKEN_ENDPOINT", &C::gcp_token_endpoint,
          "OAuth2 token endpoint for service-account JWT grants."),
      Str("vault.gcp_metadata_url", "BARO_VAULT_GCP_METADATA_URL", &C::gcp_metadata_url,
          "Metadata server for tokens when no service-account key file is set (on Google Cloud)."),
      Str("vault.gcp_encrypter_credentials_file", "BARO_VAULT_GCP_ENCRYPTER_CREDENTIALS_FILE",
          &C::gcp_encrypter_credentials_file,
          "Service-account key file with cryptoKeyEncrypter only."),
      Str("vault.gcp_decrypter_credentials_file", "BARO_VAULT_GCP_DECRYPTER_CREDENTIALS_FILE",
          &C::gcp_decrypter_credentials_file,
          "Service-account key file with cryptoKeyDecrypter only (fetcher)."),
      Str("vault.vault_address", "BARO_VAULT_VAULT_ADDRESS", &C::vault_address,
          "HashiCorp Vault address."),
      Str("vault.vault_transit_key", "BARO_VAULT_VAULT_TRANSIT_KEY", &C::vault_transit_key,
          "Transit key name."),
      Str("vault.vault_encrypt_token_file", "BARO_VAULT_VAULT_ENCRYPT_TOKEN_FILE",
          &C::vault_encrypt_token_file, "Vault token allowed to encrypt only."),
      Str("vault.vault_decrypt_token_file", "BARO_VAULT_VAULT_DECRYPT_TOKEN_FILE",
          &C::vault_decrypt_token_file, "Vault token allowed to decrypt only (fetcher)."),
      Flag("vault.gcp_allow_shared_identity", "BARO_VAULT_GCP_ALLOW_SHARED_IDENTITY",
           &C::gcp_allow_shared_identity,
           "gcp-kms under `serve`: accept one Google identity for both sides (the same credential "
           "file, or none, so both use the metadata server's). Refused by default: that identity "
           "can decrypt, so the API side could open every key (docs/security.md)."),
      Str("fetcher.dir", "BARO_FETCHER_DIR", &C::fetcher_dir,
          "The fetcher's own directory (private key, socket), outside the data directory. "
          "Default <data_dir>-fetcher."),
      Str("fetcher.socket", "BARO_FETCHER_SOCKET", &C::fetcher_socket,
          "Unix socket of the fetcher (mode 0600, or 0660 with fetcher.socket_group). Default "
          "<fetcher.dir>/fetcher.sock."),
      Str("fetcher.socket_group", "BARO_FETCHER_SOCKET_GROUP", &C::fetcher_socket_group,
          "Group given read-write access to the fetcher's socket (mode 0660), for deployments "
          "where the API and worker run as other users (the fetcher must be a member). Empty: "
          "owner only."),
      Str("serve.split", "BARO_SERVE_SPLIT", &C::serve_split,
          "`serve` started as root: `required` runs the fetcher and the rest as two users "
          "(serve.fetcher_user, serve.api_user) or refuses to start; `auto` does so when both "
          "users exist and otherwise runs as one user, saying at start-up and in /readyz that the "
          "split is not enforced; `off` always runs as one user (and says so)."),
      Str("serve.fetcher_user", "BARO_SERVE_FETCHER_USER", &C::serve_fetcher_user,
          "`serve` started as root: the user the fetcher runs as (must exist; nothing is "
          "created)."),
      Str("serve.api_user", "BARO_SERVE_API_USER", &C::serve_api_user,
          "`serve` started as root: the user the API, worker and notifier run as (must exist, "
          "differ from serve.fetcher_user, and own the data directory)."),
      Integer("fetcher.watch_ms", "BARO_FETCHER_WATCH_MS", &C::fetcher_watch_ms, std::int64_t{10},
              "How often `serve` checks that its fetcher child is alive (and restarts it)."),
      Integer("fetcher.restart_backoff_max_ms", "BARO_FETCHER_RESTART_BACKOFF_MAX_MS",
              &C::fetcher_restart_backoff_max_ms, std::int64_t{10},
              "Longest wait between restarts of a fetcher that keeps exiting (doubling from "
              "fetcher.watch_ms)."),
      Integer("fetcher.timeout_ms", "BARO_FETCHER_TIMEOUT_MS", &C::fetcher_timeout_ms,
              std::int64_t{1}, "How long a caller waits for the fetcher."),
      Integer("fetcher.threads", "BARO_FETCHER_THREADS", &C::fetcher_threads, 1,
              "Threads that serve fetcher requests (a fixed pool)."),
      Integer("fetcher.max_connections", "BARO_FETCHER_MAX_CONNECTIONS",
              &C::fetcher_max_connections, 1,
              "Connections the fetcher keeps open at most; further ones are closed at once."),
      Integer("fetcher.idle_timeout_ms", "BARO_FETCHER_IDLE_TIMEOUT_MS",
              &C::fetcher_idle_timeout_ms, std::int64_t{100},
              "An idle connection to the fetcher is closed after this."),
      Integer("fetcher.receive_timeout_ms", "BARO_FETCHER_RECEIVE_TIMEOUT_MS",
              &C::fetcher_receive_timeout_ms, std::int64_t{10},
              "Once a request has begun, how long the fetcher waits for the rest of it."),
      Integer("fetcher.client_connections", "BARO_FETCHER_CLIENT_CONNECTIONS",
              &C::fetcher_client_connections, 1,
              "Connections each calling process keeps open to the fetcher (and uses at once)."),
      Str("metrics.listen", "BARO_METRICS_LISTEN", &C::metrics_listen,
          "address:port where a worker or notifier process serves /metrics and /healthz (port 0 "
          "picks a free one). Empty: none."),
      Str("log.level", "BARO_LOG_LEVEL", &C::log_level, "debug, info, warn or error."),
      Integer("vault.locked_arena_kib", "BARO_VAULT_LOCKED_ARENA_KIB", &C::locked_arena_kib,
              std::int64_t{0},
              "Locked memory (KiB) each process keeps for keys and passwords while they are in "
              "use, mapped once and excluded from core dumps; a secret that does not fit gets a "
              "mapping of its own. 0 gives every secret its own mapping (slower: a few system "
              "calls per key)."),
      Integer("log.max_scoped_secrets", "BARO_LOG_MAX_SCOPED_SECRETS", &C::log_max_scoped_secrets,
              std::int64_t{3},
              "Most submitted key fields the log redaction holds at once (each for as long as "
              "its request is handled, in locked memory); a key submitted beyond it is refused "
              "with 503. Three per key-connection request."),
  };
}

}  // namespace

const std::vector<OptionSpec>& Options() {
  static const std::vector<OptionSpec> options = Build();
  return options;
}

}  // namespace baro::config
