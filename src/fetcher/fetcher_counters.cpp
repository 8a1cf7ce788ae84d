#include "fetcher/fetcher_counters.h"

#include "core/json_util.h"
#include "metrics/loop_guard.h"
#include "metrics/metrics.h"

namespace baro::fetcher {

Status ImportFetcherCounters(const FetcherClient& client) {
  auto health = client.Call("health");
  if (!health) return health.error();
  auto count = json::GetNumber(*health, "loop_errors");
  if (!count || *count < 0)
    return MakeError(ErrorCode::kBadResponse, "fetcher health has no loop_errors");
  metrics::SetLoopErrors("fetcher", *count);
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
