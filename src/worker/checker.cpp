#include "worker/checker.h"

#include <utility>

#include "log/logger.h"
#include "metrics/metrics.h"
#include "worker/assess.h"
#include "worker/decide.h"

namespace baro::worker {

Checker::Checker(CheckerOptions options, store::Store& store, market::MarketData& market,
                 ConnectionReader read_connection, const Clock& clock)
    : options_(std::move(options)),
      store_(store),
      observer_({.tier_loader = options_.tier_loader,
                 .tier_lifetime_ms = options_.tier_lifetime_ms,
                 .tier_cache_max_symbols = options_.tier_cache_max_symbols,
                 .threshold_cache_connections = options_.threshold_cache_connections},
                store, market, std::move(read_connection), clock),
      price_precision_(PricePrecisionFrom(market)) {}

CheckOutcome Checker::Check(const store::Monitor& monitor, std::int64_t now) {
  return Run(monitor, now, nullptr);
}

CheckOutcome Checker::Check(const store::Monitor& monitor, const CheckLease& lease) {
  return Run(monitor, lease.now, &lease);
}

CheckOutcome Checker::Run(const store::Monitor& monitor, std::int64_t now,
                          const CheckLease* lease) {
  static auto& failures = metrics::Default().Counter(
      "baro_check_failures_total", "Checks that could not read their positions.", {"source"});
  auto observed = observer_.Observe(monitor);
  if (!observed) {
    if (observed.error().code != ErrorCode::kNotFound) {  // not deleted meanwhile
      log::Warn("worker.observe_failed",
                {{"monitor_id", std::to_string(monitor.id)}, {"error", observed.error().message}});
    }
    return {};
  }
  const Observation& o = *observed;
  if (o.error) {
    const std::string source = o.connection ? std::string(ToString(o.connection->venue)) : "manual";
    failures.With({source}).Add();
    log::Warn(o.connection ? "worker.connection_read_failed" : "worker.manual_read_failed",
              {{o.connection ? "connection_id" : "user_id",
                std::to_string(o.connection ? o.connection->id : o.user.id)},
               {"error", o.error->message}});
  }
  const auto assessed = o.error ? std::vector<AssessedPosition>{} : AssessAll(o, options_.defaults);
  store::CheckCommit commit =
      Decide(o, assessed,
             {.failures_before_attention = options_.failures_before_attention,
              .page_url = options_.page_url,
              .price_precision = price_precision_},
             now);
  // The venue said how long to stay away: an account limit's wait (OKX, Gate, KuCoin), or the
  // fetcher's ban on the address for the venues that limit by address.
  CheckOutcome outcome;
  if (o.connection && o.error && o.error->code == ErrorCode::kRateLimited &&
      o.error->retry_after_ms > 0) {
    outcome.not_before_ms = now + o.error->retry_after_ms;
  }
  if (lease != nullptr) {
    commit.complete =
        store::MonitorCompletion{monitor.id, lease->owner, lease->NextDue(outcome.not_before_ms)};
  }
  if (!Empty(commit)) {
    if (auto st = store_.CommitCheck(commit); !st) {
      // Nothing was written; the next check decides again from the old state. kNotFound: the
      // connection was deleted or the lease lost meanwhile.
      if (st.error().code != ErrorCode::kNotFound) {
        log::Error("worker.commit_failed",
                   {{"user_id", std::to_string(o.user.id)}, {"error", st.error().message}});
      }
      return outcome;
    }
    outcome.completed = commit.complete.has_value();
  }
  if (options_.observed) options_.observed(o);
  return outcome;
}

}  // namespace baro::worker
