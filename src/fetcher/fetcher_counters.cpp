#include "fetcher/fetcher_counters.h"

#include "core/json_util.h"
#include "metrics/loop_guard.h"
#include "metrics/metrics.h"

namespace baro::fetcher {
namespace {

// Each egress address's request budget per venue, as the fetcher's health answer lists it.
void ImportBudgets(const boost::json::value& health) {
  static auto& used = metrics::Default().Gauge(
      "baro_egress_budget_used",
      "Request weight used in the venue's current window, per egress address.",
      {"address", "venue"});
  static auto& limit = metrics::Default().Gauge(
      "baro_egress_budget_limit",
      "Request weight allowed per window, per egress address (exchanges.budget_percent of the "
      "venue's published limit).",
      {"address", "venue"});
  static auto& banned = metrics::Default().Gauge(
      "baro_egress_banned_seconds",
      "Seconds the venue's ban (429/418) still keeps this egress address away; 0 for none.",
      {"address", "venue"});
  const auto* list = health.as_object().if_contains("budgets");
  if (list == nullptr || !list->is_array()) return;
  for (const auto& entry : list->as_array()) {
    if (!entry.is_object()) continue;
    const auto address = json::GetString(entry, "address");
    const auto venue = json::GetString(entry, "venue");
    if (!address || !venue) continue;
    const std::vector<std::string> labels{*address, *venue};
    used.With(labels).Set(json::GetNumber(entry, "used").value_or(0));
    limit.With(labels).Set(json::GetNumber(entry, "limit").value_or(0));
    banned.With(labels).Set(json::GetNumber(entry, "banned_for_ms").value_or(0) / 1000.0);
  }
}

}  // namespace

Status ImportFetcherCounters(const FetcherClient& client) {
  auto health = client.Call("health");
  if (!health) return health.error();
  auto count = json::GetNumber(*health, "loop_errors");
  if (!count || *count < 0)
    return MakeError(ErrorCode::kBadResponse, "fetcher health has no loop_errors");
  metrics::SetLoopErrors("fetcher", *count);
  ImportBudgets(*health);
  return {};
}

FetcherCountersExport::FetcherCountersExport(const FetcherClient& client)
    : collector_(metrics::Default().AddCollector([&client] {
        // A fetcher that is down or restarting leaves the last count shown.
        (void)ImportFetcherCounters(client);
      })) {}

FetcherCountersExport::~FetcherCountersExport() {
  metrics::Default().RemoveCollector(collector_);
}

}  // namespace baro::fetcher
