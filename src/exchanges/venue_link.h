// How a venue client reaches its venue. Every request goes through VenueLink::Send, which charges
// the request's published weight to the venue's budget for this process's egress address, refuses
// to send while the venue has banned or throttled us (429/418 and Retry-After), and remembers such
// bans. The venue's server-time offset and its contract table live beside the budget, so they
// outlive one request and are shared by every thread of the fetcher.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.h"
#include "core/result.h"
#include "exchanges/account_cache.h"
#include "net/http_client.h"

namespace baro::exchanges {

// A venue's published request limit for one egress address: `weight_per_window` units every
// `window_ms`. A limit of 0 means the venue limits by account, not by address: nothing is counted
// here, and a 429 concerns only the account that received it (the caller defers that account).
struct BudgetLimit {
  std::int64_t weight_per_window = 0;
  std::int64_t window_ms = 60'000;
  // A further HTTP status the venue answers when it bans the address (Bybit: 403 "access too
  // frequent", at least ten minutes), besides 429 and 418; 0 for none.
  int ban_status = 0;
  std::int64_t ban_status_ms = 0;  // how long such a ban lasts when no Retry-After says
};

// Request weight per egress address, with the venue's bans. Thread-safe.
class RequestBudget {
 public:
  explicit RequestBudget(BudgetLimit limit = {}) : limit_(limit) {}
  // Takes `weight` units at `now_ms`, or says why not: kRateLimited with retry_after_ms set to
  // when the window has room again or the ban ends. Nothing is taken on refusal.
  Status Take(std::int64_t weight, std::int64_t now_ms);
  // Records a venue's 429 or 418: nothing is sent before `until_ms`.
  void BanUntil(std::int64_t until_ms);
  std::int64_t banned_until_ms() const;
  std::int64_t used_in_window(std::int64_t now_ms) const;
  const BudgetLimit& limit() const { return limit_; }

 private:
  BudgetLimit limit_;
  mutable std::mutex mutex_;
  std::int64_t window_start_ms_ = 0;
  std::int64_t used_ = 0;
  std::int64_t banned_until_ms_ = 0;
};

// Contract multipliers (base units per contract) by venue symbol, loaded from the venue's public
// instrument list and reused until they are older than the caller's lifetime. Thread-safe.
class ContractTable {
 public:
  std::optional<double> Size(const std::string& venue_symbol) const;
  bool FreshAt(std::int64_t now_ms, std::int64_t lifetime_ms) const;
  void Replace(std::unordered_map<std::string, double> sizes, std::int64_t now_ms);

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, double> sizes_;
  std::int64_t loaded_at_ms_ = 0;
};

// What a process keeps per venue between requests.
struct VenueState {
  explicit VenueState(BudgetLimit limit = {}, std::size_t account_cache_entries = 20'000)
      : budget(limit), accounts(account_cache_entries) {}
  RequestBudget budget;
  ContractTable contracts;
  // Rarely-changing answers per connection (account_cache.h).
  AccountCache accounts;
  std::atomic<std::int64_t> clock_offset_ms{0};  // venue time minus local time
};

// Per-venue options every client reads (documented in docs/configuration.md).
struct VenueLinkOptions {
  std::int64_t recv_window_ms = 5000;  // signed-request validity, where the venue has one
  std::int64_t contract_lifetime_ms = 24 * 3600'000LL;  // reuse of the public contract table
  std::int64_t default_ban_ms = 60'000;                 // a 429/418 without Retry-After
  std::int64_t dex_rescan_ms = 600'000;  // HyperLiquid: read every HIP-3 dex this often
  // Leverage settings, margin and account modes (Binance symbolConfig and accountConfig, Bybit
  // account/info): read when an account or a symbol is new, then hourly.
  CachePolicy account_config{3600'000, 6 * 3600'000};
  // An account's own maintenance brackets (Binance leverageBracket): new symbol, then daily.
  CachePolicy tiers{24 * 3600'000LL, 3 * 24 * 3600'000LL};
  // Counts of open positions in products Baro does not read (Binance COIN-M, Bybit inverse,
  // Bitget COIN-FUTURES, Gate BTC-settled), told to the user as read gaps.
  CachePolicy unwatched{600'000, 3600'000};
};

class VenueLink {
 public:
  VenueLink(net::HttpClient& http, VenueState& state, const Clock& clock,
            VenueLinkOptions options = {})
      : http_(http), state_(state), clock_(clock), options_(options) {}

  // Sends `request` after charging `weight` to the budget. A 429 or 418 answer bans the venue until
  // its Retry-After (seconds) or options.default_ban_ms and is returned as the response, for the
  // venue's own error mapping; while a ban lasts, nothing is sent and kRateLimited comes back.
  Result<net::HttpResponse> Send(const net::Url& base, const net::HttpRequest& request,
                                 std::int64_t weight = 1);

  std::int64_t LocalNowMs() const { return clock_.NowMs(); }
  std::int64_t VenueNowMs() const { return clock_.NowMs() + state_.clock_offset_ms.load(); }
  // Records the venue's clock from a server time read between local times `before` and `after`.
  void SetServerTime(std::int64_t server_ms, std::int64_t before_ms, std::int64_t after_ms);

  ContractTable& contracts() { return state_.contracts; }
  AccountCache& accounts() { return state_.accounts; }
  RequestBudget& budget() { return state_.budget; }
  const VenueLinkOptions& options() const { return options_; }

 private:
  net::HttpClient& http_;
  VenueState& state_;
  const Clock& clock_;
  VenueLinkOptions options_;
};

}  // namespace baro::exchanges
